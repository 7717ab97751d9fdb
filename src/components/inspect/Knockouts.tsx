// The knock-out island: switch off heads, MLPs or whole blocks of the book's model and compare the
// next-token distribution before and after. The set lives in the URL (?knockouts=L1H2,L2MLP),
// so a reader can share what they found.
import { BOOK_MODEL } from '../../llm/config.ts';
import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import type { InspectionResult } from '../../worker/inspect-types.ts';
import { useModelChoice } from '../model-picker/useModelChoice.ts';
import EffectTable from './EffectTable.tsx';
import PromptBox from './PromptBox.tsx';
import Switches from './Switches.tsx';
import { useInspection } from './useInspection.ts';
import { formatKnockouts } from '../../llm/knockout.ts';
import { fromProps, knockoutsFromUrl, knockoutsToUrl, toggle } from './view.ts';

interface Props {
  model?: string;
  defaultPrompt: string;
  initial?: InspectionResult | null;
  layers: number;
  heads: number;
}

const NONE = { heads: [], mlps: [], blocks: [] };

export default function Knockouts({ model = BOOK_MODEL, defaultPrompt, initial = null, layers, heads }: Props) {
  const id = useId();
  const [prompt, setPrompt] = useState(defaultPrompt);
  const [knockouts, setKnockouts] = useState(NONE as InspectionResult['knockouts']);
  const [urlProblem, setUrlProblem] = useState<string | null>(null);
  const [urlRead, setUrlRead] = useState(false);
  const start = useMemo(() => fromProps(initial), []);
  const choice = useModelChoice(model);
  const inspection = useInspection({ model: choice.model, prompt, knockouts, focus: null }, start, choice.failed);

  useEffect(() => {
    const read = knockoutsFromUrl(window.location.search, layers, heads);
    setKnockouts(read.knockouts);
    setUrlProblem(read.problem);
    setUrlRead(true);
  }, []);

  useEffect(() => {
    if (!urlRead) return;
    const url = window.location.pathname + knockoutsToUrl(window.location.search, knockouts) + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) history.replaceState(history.state, '', url);
  }, [formatKnockouts(knockouts), urlRead]);

  // The switches follow the loaded model's shape (the reader's model may differ from the book's); knock-outs it
  // lacks are dropped.
  const load = inspection.load;
  const shape = load.phase === 'ready' ? load.info : { layers, heads };
  useEffect(() => {
    if (load.phase !== 'ready') return;
    const fits = knockouts.heads.every((h) => h.layer < shape.layers && h.head < shape.heads) && [...knockouts.mlps, ...knockouts.blocks].every((l) => l < shape.layers);
    if (!fits) setKnockouts(NONE);
  }, [load]);

  const r = inspection.result;
  return (
    <div class="nt-island inspect not-content" data-testid="knockouts" data-phase={inspection.load.phase} data-knockouts={formatKnockouts(knockouts)} data-prompt={r?.prompt} aria-busy={!inspection.current}>
      <PromptBox id={id} prompt={prompt} onPrompt={setPrompt} inspection={inspection} choice={choice}>
        {urlProblem && <p class="inspect__note" role="alert">{urlProblem}</p>}
        <Switches layers={shape.layers} heads={shape.heads} knockouts={knockouts} onToggle={(part) => setKnockouts(toggle(knockouts, part))} onReset={() => setKnockouts(NONE)} />
        {r && <EffectTable result={r} />}
      </PromptBox>
    </div>
  );
}
