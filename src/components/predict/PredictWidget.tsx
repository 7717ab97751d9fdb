// "What comes next?": type a prompt, see the model's next-token probabilities, pick, generate.
// The view: what it knows lives in hooks and reducers (useModelSession: the model worker;
// prompt-state.ts: prompt, undo, generation; useUrlState: the link; steps.ts: step by step).
// It never imports TF.js, so the UI thread stays free while the model runs.
import { BOOK_MODEL } from '../../llm/config.ts';
import { useId, useReducer } from 'preact/hooks';
import ModelPicker from '../model-picker/ModelPicker.tsx';
import { useModelChoice } from '../model-picker/useModelChoice.ts';
import type { Prediction } from '../../worker/protocol.ts';
import GeneratedTokens from './GeneratedTokens.tsx';
import PromptActions from './PromptActions.tsx';
import PredictionView from './PredictionView.tsx';
import { initialPromptState, promptReducer } from './prompt-state.ts';
import SamplingControls from './SamplingControls.tsx';
import StatusLine, { ErrorNote } from './StatusLine.tsx';
import StepByStep from './StepByStep.tsx';
import { useModelSession } from './useModelSession.ts';
import { useSettings } from './useSettings.ts';
import { useStepMachine } from './useStepMachine.ts';
import { useUrlState } from './useUrlState.ts';
import type { WidgetState } from './view.ts';

interface Props {
  /** Folder name under public/models/ (config.json, model.safetensors, tokenizer.json); the picker may choose another. */
  model?: string;
  defaultPrompt: string;
  /** The result for defaultPrompt, computed at build time so the page shows it before JavaScript runs. */
  initial?: Prediction | null;
  /** How many candidates to list. */
  topN?: number;
  /** How many tokens "Generate" produces. */
  maxNewTokens?: number;
  /** Keep prompt and settings in the page URL (one widget per page should do this). */
  syncUrl?: boolean;
}

export default function PredictWidget({ model = BOOK_MODEL, defaultPrompt, initial = null, topN = 10, maxNewTokens = 20, syncUrl = true }: Props) {
  const id = useId();
  const [state, dispatch] = useReducer(promptReducer, defaultPrompt, initialPromptState);
  const { prompt, generation } = state;
  const settings = useSettings();
  const choice = useModelChoice(model);
  const session = useModelSession({ model: choice.model, prompt, settings: settings.applied.settings, seed: settings.applied.seed, topN, initial, onLoadFailed: choice.failed });
  const defaults: WidgetState = { prompt: defaultPrompt, settings: settings.defaults.settings, seed: settings.defaults.seed };
  const widgetState: WidgetState = { prompt, ...settings.applied };

  useUrlState(syncUrl, widgetState, defaults, (read) => {
    dispatch({ type: 'edit', prompt: read.prompt });
    settings.reset({ settings: read.settings, seed: read.seed });
  });

  const { prediction, current, ready, load } = session;
  const tokens = prediction?.tokens ?? [];
  const running = generation?.phase === 'running';
  const canAct = ready && current && !session.busy;
  const steps = useStepMachine(session.sample, (text) => dispatch({ type: 'append', base: prompt, text, newFrom: tokens.length }));

  function edit(text: string) {
    dispatch({ type: 'edit', prompt: text });
    steps.restart();
  }

  async function sampleOne() {
    const base = prompt;
    const picked = await session.sample();
    if (picked) dispatch({ type: 'append', base, text: picked.token.text, newFrom: tokens.length });
  }

  async function generate() {
    const base = prompt;
    dispatch({ type: 'generate-start', base });
    const { phase, text, decodeMs } = await session.generate(maxNewTokens, { onBatch: (batch) => dispatch({ type: 'generate-batch', batch }) });
    dispatch({ type: 'generate-end', phase, text, newFrom: tokens.length, decodeMs });
  }

  return (
    <div class="nt-island predict not-content" data-testid="predict" data-phase={load.phase} data-model={choice.model ?? model}>
      <div class="predict__prompt">
        <label for={`${id}-prompt`}>Prompt</label>
        <textarea
          class="nt-input"
          id={`${id}-prompt`}
          rows={2}
          readOnly={running}
          value={prompt}
          spellcheck={false}
          aria-describedby={`${id}-status`}
          onInput={(e) => edit((e.target as HTMLTextAreaElement).value)}
        />
      </div>

      <StatusLine id={`${id}-status`} load={load} backend={session.backend} model={choice.model ?? model} note={session.overrideNote} onRetry={session.retry} />
      <ModelPicker choice={choice} />

      <PredictionView
        labelId={`${id}-probs-label`}
        prompt={prompt}
        prediction={prediction}
        current={current}
        phase={load.phase}
        newFrom={state.newFrom}
        following={running ? (generation.candidates ?? null) : null}
        pick={steps.shownPick}
      />

      {session.error && <ErrorNote error={session.error} />}

      <PromptActions
        canAct={canAct}
        running={running}
        maxNewTokens={maxNewTokens}
        canUndo={state.history.length > 0 && !running}
        shareState={syncUrl ? { state: widgetState, defaults } : null}
        onAppendTop={() => prediction && dispatch({ type: 'append', base: prompt, text: prediction.candidates[0].text, newFrom: tokens.length })}
        onSample={sampleOne}
        onGenerate={generate}
        onStop={session.stop}
        onUndo={() => dispatch({ type: 'undo' })}
      />

      {generation && <GeneratedTokens generation={generation} maxNewTokens={maxNewTokens} />}

      <SamplingControls
        idPrefix={id}
        input={settings.input}
        errors={settings.errors(ready ? session.vocabSize : undefined)}
        settings={settings.applied.settings}
        vocabSize={session.vocabSize}
        disabled={running}
        onChange={(field, value) => settings.change(field, value, session.vocabSize)}
      />

      <label class="predict__toggle">
        <input type="checkbox" checked={steps.on} onChange={(e) => steps.setOn((e.target as HTMLInputElement).checked)} /> Step by step
      </label>
      {steps.on && (
        <StepByStep
          step={steps.step}
          tokenCount={current ? tokens.length : null}
          topLogits={current && prediction ? [...prediction.candidates].sort((a, b) => b.logit - a.logit).slice(0, 3) : []}
          vocabSize={session.vocabSize ?? null}
          pick={steps.pick}
          temperature={settings.applied.settings.temperature}
          busy={!canAct && !(steps.step === 'append' || steps.step === 'pick')}
          onNext={steps.advance}
        />
      )}
    </div>
  );
}
