// Chapter 3's embedding explorer: type a word, see its nearest tokens in the model's token embedding
// matrix, the cosine worked out for one pair, and a 2D map of the commonest word tokens. Draws only:
// the numbers come from the page's model worker (useEmbeddingExplorer) or, before that, the build.
import { Fragment } from 'preact';
import { useId } from 'preact/hooks';
import ModelPicker from '../model-picker/ModelPicker.tsx';
import { useModelChoice } from '../model-picker/useModelChoice.ts';
import CosineWorked from './CosineWorked.tsx';
import EmbeddingMap, { MapTable } from './EmbeddingMap.tsx';
import NeighbourTable from './NeighbourTable.tsx';
import { useEmbeddingExplorer, type Explorer, type ExplorerSnapshot } from './useEmbeddingExplorer.ts';
import { MAX_WORD, percent } from './view.ts';

interface Props {
  model: string;
  initial: ExplorerSnapshot;
}

function Status({ ex }: { ex: Explorer }) {
  if (ex.error) {
    return (
      <p class="nt-error embed__error" role="alert">
        {ex.error.message}{' '}
        {ex.error.retryable ? (
          <button type="button" onClick={ex.retry}>
            Retry
          </button>
        ) : null}
      </p>
    );
  }
  const text = { waiting: '', loading: 'Loading the model in your browser…', ready: '', error: '' }[ex.phase];
  return (
    <p class="embed__status" role="status">
      {ex.busy ? 'Looking up…' : text}
    </p>
  );
}

function Pieces({ ex }: { ex: Explorer }) {
  const { pieces, token } = ex.neighbours;
  if (pieces.length < 2) return null;
  return (
    <p class="embed__pieces" data-testid="embed-pieces">
      “{ex.word.trim()}” is not one token in this vocabulary; it splits into{' '}
      {pieces.map((p, i) => (
        <Fragment key={p.id}>
          {i > 0 ? ' | ' : ''}
          <button type="button" class="embed__piece" aria-pressed={p.id === token.id} disabled={ex.phase !== 'ready'} onClick={() => ex.lookUp(p.id, p.text)}>
            {p.display}
          </button>
        </Fragment>
      ))}
      . The neighbours are those of the piece pressed.
    </p>
  );
}

export default function EmbeddingExplorer({ model, initial }: Props) {
  const id = useId();
  const choice = useModelChoice(model);
  const ex = useEmbeddingExplorer(choice.model, model, initial, choice.failed);
  const { token, neighbours } = ex.neighbours;
  const marked = new Set([token.id, ...neighbours.map((n) => n.token.id)]);
  const [e1, e2] = ex.map.explained;
  return (
    <div class="nt-island embed not-content" data-testid="embed" data-phase={ex.phase} data-busy={ex.busy ? 'true' : 'false'} data-map-source={ex.mapSource}>
      <div class="embed__query">
        <label for={`${id}-word`}>Word</label>
        <input
          class="nt-input"
          id={`${id}-word`}
          type="text"
          value={ex.input}
          maxLength={10_000}
          autoComplete="off"
          spellcheck={false}
          aria-describedby={`${id}-note`}
          onInput={(e) => ex.setWord((e.target as HTMLInputElement).value)}
        />
        <p id={`${id}-note`} class="embed__note" aria-live="polite">
          {ex.note}
        </p>
      </div>
      <Status ex={ex} />
      <ModelPicker choice={choice} />
      <Pieces ex={ex} />
      <p class="embed__caveat">
        A model this small learned its vectors from little text, so its neighbours are noisy: some make sense, others are
        accidents of spelling or chance. Big models' neighbours are far more telling.
      </p>
      <div class="embed__pair">
        <NeighbourTable token={token} neighbours={neighbours} pairedId={ex.cosine.b.id} onCompare={ex.compareWith} disabled={ex.phase !== 'ready'} />
        <CosineWorked cos={ex.cosine} />
      </div>
      <h4 id={`${id}-map`} class="embed__map-title">
        The first {ex.map.points.length} word tokens the tokenizer learned, on a 2D map
      </h4>
      <p class="embed__map-note">
        Word tokens here are a space followed by two or more letters (mostly whole words, a few word beginnings).
        Byte-pair encoding always merges the most frequent pair next, so the tokens learned first are the most frequent
        ones. The map is a principal component analysis of their {ex.cosine.dimensions}-number vectors: across explains{' '}
        {percent(e1)} of their variance, up and down {percent(e2)}; the rest is lost, so nearby dots are not always close
        neighbours. A few tokens far from the rest are drawn on the edge as rings (the table has their true places).
        Tab to a dot, move with the arrow keys, press Enter to look it up.
      </p>
      <EmbeddingMap points={ex.map.points} marked={marked} queryId={token.id} onPick={(p) => ex.phase === 'ready' && ex.lookUp(p.token.id, p.token.text)} labelId={`${id}-map`} />
      <MapTable points={ex.map.points} explained={ex.map.explained} />
      <p class="sr-only">Words longer than {MAX_WORD} characters are cut.</p>
    </div>
  );
}
