// "Watch BPE learn" (chapter 3): the book's BPE trainer on a sample or the reader's text, merge by merge,
// with Play, Pause, Step and a slider. The worker trains; this component only draws its answers.
import { useEffect, useId, useState } from 'preact/hooks';
import ChipList from './ChipList.tsx';
import PairTable from './PairTable.tsx';
import TextBox from './TextBox.tsx';
import type { StepView } from './bpe-stepper.ts';
import { BPE_TEXT_LIMIT } from './bpe-stepper.ts';
import { SAMPLES } from './samples.ts';
import { tokenCountText } from './token-list.ts';
import { useBpe } from './use-bpe.ts';

interface Props {
  initial: StepView; // the first sample at step 0, rendered by the build
}

const PLAY_MS = 900;
const PLAY_MS_REDUCED = 1800; // reduced motion: no flashing chips, and a calmer pace

function mergeLine(view: StepView): string {
  if (view.merge === null) return `No merges yet: the text is ${tokenCountText(view.count)}, one per byte. The trainer found ${view.merges} merges in it.`;
  const m = view.merge;
  return `Merge ${view.step} of ${view.merges}: ${m.display[0]} + ${m.display[1]} → ${m.tokenDisplay} (new token id ${m.id}), seen ${m.count.toLocaleString('en-US')} times.`;
}

export default function WatchBpe({ initial }: Props) {
  const id = useId();
  const [text, setText] = useState(SAMPLES[0].text);
  const [step, setStep] = useState(initial.step);
  const [playing, setPlaying] = useState(false);
  const { result, error, restart } = useBpe(text, step);
  const view = result?.view ?? initial;
  const current = result !== null && result.text === text && view.step === Math.min(step, view.merges);
  const sample = SAMPLES.findIndex((s) => s.text === text);

  // play: one merge after another, each only once the previous one is on screen
  useEffect(() => {
    if (!playing || !current) return;
    if (view.step >= view.merges) return setPlaying(false);
    const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    const timer = setTimeout(() => setStep(view.step + 1), reduced ? PLAY_MS_REDUCED : PLAY_MS);
    return () => clearTimeout(timer);
  }, [playing, current, view.step, view.merges]);
  // a new text may allow fewer merges: keep the slider inside
  useEffect(() => {
    if (result !== null && result.text === text && step > result.view.merges) setStep(result.view.merges);
  }, [result, text, step]);

  const setTextAndRestart = (t: string) => {
    setText(t);
    setStep(0);
    setPlaying(false);
  };

  return (
    <div class="nt-island bpe-lab not-content" data-testid="bpe-lab" data-busy={String(!current)} data-step={view.step} data-merges={view.merges}>
      <div class="bpe-lab__inputs">
        <label for={`${id}-sample`}>Training text</label>
        <select class="nt-input" id={`${id}-sample`} value={String(sample)} onChange={(e) => {
          const i = Number((e.target as HTMLSelectElement).value);
          if (i >= 0) setTextAndRestart(SAMPLES[i].text);
        }}>
          {SAMPLES.map((s, i) => <option key={s.name} value={String(i)}>{s.name}</option>)}
          <option value="-1" disabled={sample >= 0}>Your own text</option>
        </select>
        <TextBox id={`${id}-text`} label="Text the trainer learns from (edit it, or paste your own)" labelClass="bpe-lab__text-label" value={text} onInput={setTextAndRestart} />
        {result?.clipped && <p class="bpe-lab__note">Only the first {BPE_TEXT_LIMIT.toLocaleString('en-US')} characters are used.</p>}
      </div>
      <div class="bpe-lab__controls">
        <button type="button" onClick={() => setPlaying(!playing)} disabled={!playing && view.step >= view.merges} aria-pressed={playing}>{playing ? 'Pause' : 'Play'}</button>
        <button type="button" onClick={() => { setPlaying(false); setStep(Math.min(view.step + 1, view.merges)); }} disabled={view.step >= view.merges}>Step</button>
        <label for={`${id}-merges`}>Merges: <output>{step}</output></label>
        <input id={`${id}-merges`} type="range" min={0} max={view.merges} value={step} onInput={(e) => { setPlaying(false); setStep(Number((e.target as HTMLInputElement).value)); }} />
      </div>
      {error && <p class="nt-error bpe-lab__error" role="alert">{error} <button type="button" onClick={restart}>Retry</button></p>}
      <p class="bpe-lab__merge" aria-live="polite" data-testid="merge-line" data-left={view.merge?.left} data-right={view.merge?.right} data-id={view.merge?.id} data-count={view.merge?.count}>
        {mergeLine(view)}
      </p>
      <PairTable top={view.top} step={view.step} />
      <p class="bpe-lab__count" data-testid="bpe-count" data-count={view.count}>
        After {view.step} {view.step === 1 ? 'merge' : 'merges'} the text is {tokenCountText(view.count)} (it started as {view.bytes.toLocaleString('en-US')} bytes):
      </p>
      <ChipList chips={view.chips} count={view.count} label="Tokens of the text" showIds={false} newId={view.merge?.id} />
    </div>
  );
}
