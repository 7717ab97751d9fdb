// Step by step: which stage of the loop is on screen and the token picked at "pick". Advancing to
// "pick" asks the session for one pick from the prediction on screen (no second forward pass);
// advancing to "append" appends it through the prompt reducer.
import { useState } from 'preact/hooks';
import type { PickedToken } from '../../worker/protocol.ts';
import { nextStep, type Step } from './steps.ts';

export function useStepMachine(sample: () => Promise<PickedToken | null>, append: (text: string) => void) {
  const [on, setOn] = useState(false);
  const [step, setStep] = useState<Step>('tokens');
  const [pick, setPick] = useState<PickedToken | null>(null);

  async function advance() {
    const next = nextStep(step);
    if (next === 'pick') {
      const picked = await sample();
      if (!picked) return; // stale or failed: stay where we are
      setPick(picked);
    }
    if (next === 'append' && pick) append(pick.token.text);
    if (next === 'tokens') setPick(null);
    setStep(next);
  }

  return {
    on,
    setOn,
    step,
    pick,
    /** The pick to mark in the list: only while the "pick" stage is shown. */
    shownPick: on && step === 'pick' ? pick : null,
    advance,
    /** The prompt was edited: start the loop again. */
    restart() {
      setPick(null);
      setStep('tokens');
    },
  };
}
