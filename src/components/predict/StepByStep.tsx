// The generation loop, one stage at a time: draws the stage the widget is in (text from steps.ts)
// and a button for the next one; the widget does the work.
import { nextStep, STEP_LABELS, STEPS, stepText, type Step, type StepFacts } from './steps.ts';

interface Props extends StepFacts {
  step: Step;
  busy: boolean;
  onNext: () => void;
}

export default function StepByStep({ step, busy, onNext, ...facts }: Props) {
  const next = nextStep(step);
  return (
    <section class="predict__steps" aria-label="The generation loop, step by step" data-testid="step-by-step">
      <ol class="predict__loop">
        {STEPS.map((s) => (
          <li key={s} class={s === step ? 'predict__loop-step predict__loop-step--current' : 'predict__loop-step'} aria-current={s === step ? 'step' : undefined}>
            {STEP_LABELS[s]}
          </li>
        ))}
      </ol>
      <p class="predict__step-text" aria-live="polite" data-step={step}>
        <strong>{STEP_LABELS[step]}:</strong> {stepText(step, facts)}
      </p>
      <button type="button" onClick={onNext} disabled={busy}>
        Next step: {STEP_LABELS[next].replace(/^\d\. /, '')}
      </button>
    </section>
  );
}

export { nextStep, STEPS, type Step } from './steps.ts';
