// Chapter 4's island: the attention of every head of the book's model on the reader's prompt.
// Small multiples of every layer and head, one enlarged heatmap with its table, the tokens shaded
// by where the chosen query looks, and that head's arithmetic step by step.
import { BOOK_MODEL } from '../../llm/config.ts';
import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import type { InspectionResult } from '../../worker/inspect-types.ts';
import { useModelChoice } from '../model-picker/useModelChoice.ts';
import AttentionTable from './AttentionTable.tsx';
import HeadGrid from './HeadGrid.tsx';
import HeadSteps from './HeadSteps.tsx';
import Heatmap from './Heatmap.tsx';
import PromptBox from './PromptBox.tsx';
import QueryTokens from './QueryTokens.tsx';
import { useInspection } from './useInspection.ts';
import { fromProps, headName, headWeight } from './view.ts';

interface Props {
  model?: string;
  defaultPrompt: string;
  initial?: InspectionResult | null; // computed at build time for defaultPrompt and head (1, 1)
}

const NONE = { heads: [], mlps: [], blocks: [] };

export default function AttentionExplorer({ model = BOOK_MODEL, defaultPrompt, initial = null }: Props) {
  const id = useId();
  const [prompt, setPrompt] = useState(defaultPrompt);
  const [sel, setSel] = useState({ layer: 0, head: 0 });
  const [cell, setCell] = useState<{ i: number; j: number } | null>(null);
  const start = useMemo(() => fromProps(initial), []);
  const choice = useModelChoice(model);
  const [shape, setShape] = useState<{ layers: number; heads: number } | null>(null); // of the loaded model
  // A head the loaded model lacks (the reader's model may be smaller than the book's) falls back to the first one.
  const focus = shape && (sel.layer >= shape.layers || sel.head >= shape.heads) ? { layer: 0, head: 0 } : sel;
  const inspection = useInspection({ model: choice.model, prompt, knockouts: NONE, focus }, start, choice.failed);
  const load = inspection.load;
  useEffect(() => {
    if (load.phase === 'ready') setShape({ layers: load.info.layers, heads: load.info.heads });
  }, [load]);
  const r = inspection.result;
  const T = r?.tokens.length ?? 0;
  // The last token is the query until the reader picks another; a shorter prompt keeps it in range.
  const at = cell && cell.i < T && cell.j < T ? cell : { i: Math.max(0, T - 1), j: 0 };
  return (
    <div class="nt-island inspect not-content" data-testid="attention-explorer" data-phase={inspection.load.phase} data-prompt={r?.prompt} aria-busy={!inspection.current}>
      <PromptBox id={id} prompt={prompt} onPrompt={setPrompt} inspection={inspection} choice={choice}>
        {r && T > 0 && (
          <>
            <p class="inspect__label">Where {headName(focus.layer, focus.head).toLowerCase()} looks from the chosen token</p>
            <QueryTokens tokens={r.tokens} query={at.i} weight={(j) => headWeight(r.attention, focus.layer, focus.head, at.i, j)} onQuery={(i) => setCell({ i, j: Math.min(at.j, i) })} />
            <p class="inspect__label">Every head of every layer</p>
            <HeadGrid attention={r.attention} selected={focus} onSelect={(layer, head) => setSel({ layer, head })} />
            <p class="inspect__label">{headName(focus.layer, focus.head)}</p>
            <Heatmap id={id} attention={r.attention} layer={focus.layer} head={focus.head} tokens={r.tokens} cell={at} onCell={setCell} />
            <AttentionTable attention={r.attention} layer={focus.layer} head={focus.head} tokens={r.tokens} />
            <details class="inspect__details" open>
              <summary>One head, step by step</summary>
              <HeadSteps detail={r.focus} attention={r.attention} layer={focus.layer} head={focus.head} query={at.i} tokens={r.tokens} headSize={r.headSize} />
            </details>
          </>
        )}
      </PromptBox>
    </div>
  );
}
