// The "logit lens" island: the model's guess for the next token after the embedding and after
// every block, so the reader watches it form block by block (and how much each block adds).
import { BOOK_MODEL } from '../../llm/config.ts';
import { useId, useMemo, useState } from 'preact/hooks';
import type { InspectionResult } from '../../worker/inspect-types.ts';
import { useModelChoice } from '../model-picker/useModelChoice.ts';
import LensTable from './LensTable.tsx';
import PromptBox from './PromptBox.tsx';
import { useInspection } from './useInspection.ts';
import { fromProps } from './view.ts';

interface Props {
  model?: string;
  defaultPrompt: string;
  initial?: InspectionResult | null;
}

const NONE = { heads: [], mlps: [], blocks: [] };

export default function LogitLens({ model = BOOK_MODEL, defaultPrompt, initial = null }: Props) {
  const id = useId();
  const [prompt, setPrompt] = useState(defaultPrompt);
  const start = useMemo(() => fromProps(initial), []);
  const choice = useModelChoice(model);
  const inspection = useInspection({ model: choice.model, prompt, knockouts: NONE, focus: null }, start, choice.failed);
  const r = inspection.result;
  return (
    <div class="nt-island inspect not-content" data-testid="logit-lens" data-phase={inspection.load.phase} data-prompt={r?.prompt} aria-busy={!inspection.current}>
      <PromptBox id={id} prompt={prompt} onPrompt={setPrompt} inspection={inspection} choice={choice}>
        {r && <LensTable result={r} />}
      </PromptBox>
    </div>
  );
}
