// Chapter 4's island: the attention of every head of the book's model on the reader's prompt.
// Small multiples of every layer and head, one enlarged heatmap with its table, the tokens shaded
// by where the chosen query looks, and that head's arithmetic step by step.
import { BOOK_MODEL } from '../../llm/config.ts';
import { useId, useMemo, useState } from 'preact/hooks';
import type { InspectionResult } from '../../worker/inspect-types.ts';
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
  const inspection = useInspection({ model, prompt, knockouts: NONE, focus: sel }, start);
  const r = inspection.result;
  const T = r?.tokens.length ?? 0;
  // The last token is the query until the reader picks another; a shorter prompt keeps it in range.
  const at = cell && cell.i < T && cell.j < T ? cell : { i: Math.max(0, T - 1), j: 0 };
  return (
    <div class="nt-island inspect not-content" data-testid="attention-explorer" data-phase={inspection.load.phase} data-prompt={r?.prompt} aria-busy={!inspection.current}>
      <PromptBox id={id} prompt={prompt} onPrompt={setPrompt} inspection={inspection}>
        {r && T > 0 && (
          <>
            <p class="inspect__label">Where {headName(sel.layer, sel.head).toLowerCase()} looks from the chosen token</p>
            <QueryTokens tokens={r.tokens} query={at.i} weight={(j) => headWeight(r.attention, sel.layer, sel.head, at.i, j)} onQuery={(i) => setCell({ i, j: Math.min(at.j, i) })} />
            <p class="inspect__label">Every head of every layer</p>
            <HeadGrid attention={r.attention} selected={sel} onSelect={(layer, head) => setSel({ layer, head })} />
            <p class="inspect__label">{headName(sel.layer, sel.head)}</p>
            <Heatmap id={id} attention={r.attention} layer={sel.layer} head={sel.head} tokens={r.tokens} cell={at} onCell={setCell} />
            <AttentionTable attention={r.attention} layer={sel.layer} head={sel.head} tokens={r.tokens} />
            <details class="inspect__details" open>
              <summary>One head, step by step</summary>
              <HeadSteps detail={r.focus} attention={r.attention} layer={sel.layer} head={sel.head} query={at.i} tokens={r.tokens} headSize={r.headSize} />
            </details>
          </>
        )}
      </PromptBox>
    </div>
  );
}
