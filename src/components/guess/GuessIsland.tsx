// "Guess first": the reader commits to an answer (a radio choice or a typed number) before pressing "Show
// answer". Server-rendered, it is a form plus a <details> holding the answer; once hydrated, the details become
// a button. For a question about the model, the answer is asked of the page's model worker when the reader
// presses the button; the build's precomputed ranking is the no-JS answer and the fallback if the model fails.
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { getModelClient } from '../../worker/client.ts';
import { DEFAULT_SETTINGS } from '../predict/view.ts';
import { formatProbability } from '../predict/view.ts';
import { formatAnswer, modelChoices, rankedFromPrediction, tokenLabel, verdict, type GuessSpec, type RankedToken } from './guess.ts';

interface Props {
  question: string;
  spec: GuessSpec;
  /** The explanation written in the chapter (Astro's slot). */
  children?: ComponentChildren;
}

type Live = { state: 'idle' } | { state: 'asking' } | { state: 'done'; ranked: RankedToken[] } | { state: 'failed'; message: string };

export default function GuessIsland({ question, spec, children }: Props) {
  const id = useId();
  const [hydrated, setHydrated] = useState(false);
  const [guess, setGuess] = useState<string>('');
  const [shown, setShown] = useState(false);
  const [live, setLive] = useState<Live>({ state: 'idle' });
  const answerRef = useRef<HTMLDivElement>(null);
  useEffect(() => setHydrated(true), []);
  useEffect(() => {
    if (shown) answerRef.current?.focus();
  }, [shown]);

  const reveal = () => {
    setShown(true);
    if (spec.kind === 'model' && live.state !== 'done') void askModel(spec, setLive);
  };

  const answer = <Answer spec={spec} live={live} guess={shown ? guess : undefined} hydrated={hydrated}>{children}</Answer>;
  return (
    <div class="guess">
      <fieldset class="guess__question not-content">
        <legend>
          <span class="guess__badge">Guess first</span> {question}
        </legend>
        <Inputs spec={spec} name={`guess-${id}`} value={guess} onChange={setGuess} disabled={shown} />
      </fieldset>
      {!hydrated ? (
        <details class="guess__details">
          <summary>Show answer</summary>
          {answer}
        </details>
      ) : shown ? (
        <div class="guess__answer" ref={answerRef} tabIndex={-1} aria-live="polite">
          {answer}
        </div>
      ) : (
        <button type="button" class="guess__show" onClick={reveal}>
          Show answer
        </button>
      )}
    </div>
  );
}

async function askModel(spec: Extract<GuessSpec, { kind: 'model' }>, setLive: (live: Live) => void): Promise<void> {
  setLive({ state: 'asking' });
  const count = spec.ranked.length;
  const out = await getModelClient().call('predict', { model: spec.model, text: spec.prompt, settings: DEFAULT_SETTINGS, topN: count });
  if (out.ok) setLive({ state: 'done', ranked: rankedFromPrediction(out.value, count) });
  else setLive({ state: 'failed', message: out.error.message });
}

interface InputsProps {
  spec: GuessSpec;
  name: string;
  value: string;
  onChange: (value: string) => void;
  disabled: boolean;
}

function Inputs({ spec, name, value, onChange, disabled }: InputsProps) {
  if (spec.kind === 'number') {
    return (
      <label class="guess__number">
        Your guess{spec.unit ? ` (${spec.unit.trim()})` : ''}:{' '}
        <input type="text" inputMode="decimal" autoComplete="off" name={name} value={value} disabled={disabled} onInput={(e) => onChange(e.currentTarget.value)} />
      </label>
    );
  }
  const labels = spec.kind === 'choice' ? spec.choices : modelChoices(spec.ranked).map(tokenLabel);
  return (
    <div class="guess__choices">
      {labels.map((label) => (
        <label key={label} class="guess__choice">
          <input type="radio" name={name} value={label} checked={value === label} disabled={disabled} onChange={() => onChange(label)} />
          <span class={spec.kind === 'model' ? 'guess__token' : undefined}>{label}</span>
        </label>
      ))}
    </div>
  );
}

interface AnswerProps {
  spec: GuessSpec;
  live: Live;
  /** The reader's guess once they pressed "Show answer" (undefined before, and without JavaScript). */
  guess: string | undefined;
  hydrated: boolean;
  children?: ComponentChildren;
}

function Answer({ spec, live, guess, hydrated, children }: AnswerProps) {
  const ranked = live.state === 'done' ? live.ranked : undefined;
  return (
    <div class="guess__body">
      {hydrated && live.state !== 'asking' && <p class="guess__verdict">{verdict(spec, guess, ranked)}</p>}
      {spec.kind === 'choice' && (
        <p>
          <strong>Answer:</strong> {spec.choices[spec.correct]}
        </p>
      )}
      {spec.kind === 'number' && (
        <p>
          <strong>Answer:</strong> {formatAnswer(spec.answer, spec.digits)}
          {spec.unit}
        </p>
      )}
      {spec.kind === 'model' && <ModelAnswer spec={spec} live={live} hydrated={hydrated} />}
      {children}
    </div>
  );
}

function ModelAnswer({ spec, live, hydrated }: { spec: Extract<GuessSpec, { kind: 'model' }>; live: Live; hydrated: boolean }) {
  if (live.state === 'asking') return <p class="guess__status">Asking the model (the first time, it has to load)…</p>;
  const ranked = live.state === 'done' ? live.ranked : spec.ranked;
  const source =
    live.state === 'done'
      ? 'computed just now by the model in your browser'
      : live.state === 'failed'
        ? 'computed when this page was built'
        : hydrated
          ? 'computed when this page was built'
          : 'computed when this page was built; with JavaScript on, the model in your browser computes it';
  return (
    <>
      {live.state === 'failed' && <p class="guess__error">The model could not run here ({live.message}), so this is the ranking the build computed.</p>}
      <p>
        <strong>Answer:</strong> the model ranks {tokenLabel(ranked[0])} first ({source}):
      </p>
      <ol class="guess__ranking">
        {ranked.map((t) => (
          <li key={t.text}>
            <span class="guess__token">{tokenLabel(t)}</span> {formatProbability(t.probability)}
          </li>
        ))}
      </ol>
    </>
  );
}
