// "What comes next?": type a prompt, see the model's next-token probabilities, pick, generate.
// The view: what it knows lives in hooks and reducers (useModelSession: the model worker;
// prompt-state.ts: prompt, undo, generation; useUrlState: the link; steps.ts: step by step).
// It never imports TF.js, so the UI thread stays free while the model runs.
import { useEffect, useId, useReducer, useState } from 'preact/hooks';
import { backendOverrideFrom } from '../../llm/backend-names.ts';
import type { PickedToken, Prediction } from '../model/protocol.ts';
import GeneratedTokens from './GeneratedTokens.tsx';
import PromptActions from './PromptActions.tsx';
import ProbabilityList from './ProbabilityList.tsx';
import { initialPromptState, promptReducer } from './prompt-state.ts';
import SamplingControls from './SamplingControls.tsx';
import StatusLine from './StatusLine.tsx';
import { listNote } from './status.ts';
import StepByStep from './StepByStep.tsx';
import { nextStep, type Step } from './steps.ts';
import TokenChips from './TokenChips.tsx';
import { useModelSession } from './useModelSession.ts';
import { useSettings } from './useSettings.ts';
import { useUrlState } from './useUrlState.ts';
import { truncationNote, type WidgetState } from './view.ts';

interface Props {
  /** Folder name under public/models/ (config.json, model.safetensors, tokenizer.json). */
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

export default function PredictWidget({ model = 'book-small', defaultPrompt, initial = null, topN = 10, maxNewTokens = 20, syncUrl = true }: Props) {
  const id = useId();
  const [state, dispatch] = useReducer(promptReducer, defaultPrompt, initialPromptState);
  const { prompt, generation } = state;
  const settings = useSettings();
  const session = useModelSession({ model, prompt, settings: settings.applied.settings, seed: settings.applied.seed, topN, initial });
  const [stepMode, setStepMode] = useState(false);
  const [step, setStep] = useState<Step>('tokens');
  const [pick, setPick] = useState<PickedToken | null>(null);
  const [backendNote, setBackendNote] = useState('');
  const defaults: WidgetState = { prompt: defaultPrompt, settings: settings.defaults.settings, seed: settings.defaults.seed };
  const widgetState: WidgetState = { prompt, ...settings.applied };

  useUrlState(syncUrl, widgetState, defaults, (read) => {
    dispatch({ type: 'edit', prompt: read.prompt });
    settings.reset({ settings: read.settings, seed: read.seed });
  });

  // Hydrated: the island only hydrates when visible, so this is when the model starts loading.
  useEffect(() => {
    const override = backendOverrideFrom(window.location.search);
    setBackendNote(override.note);
    session.start(override.backend);
  }, []);

  const { prediction, current, ready, load } = session;
  const tokens = prediction?.tokens ?? [];
  const running = generation?.phase === 'running';
  const canAct = ready && current && !session.busy;
  const labelId = `${id}-probs-label`;
  // While generating, the list follows each step: it shows the distribution the latest token came from.
  const candidates = running && generation.candidates ? generation.candidates : prediction?.candidates;

  function edit(text: string) {
    dispatch({ type: 'edit', prompt: text });
    setPick(null);
    setStep('tokens');
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

  async function advance() {
    const next = nextStep(step);
    if (next === 'pick') {
      const picked = await session.sample(); // from the prediction on screen: no second forward pass
      if (!picked) return;
      setPick(picked);
    }
    if (next === 'append' && pick) dispatch({ type: 'append', base: prompt, text: pick.token.text, newFrom: tokens.length });
    if (next === 'tokens') setPick(null);
    setStep(next);
  }

  return (
    <div class="predict not-content" data-testid="predict" data-phase={load.phase} data-model={model}>
      <div class="predict__prompt">
        <label for={`${id}-prompt`}>Prompt</label>
        <textarea
          id={`${id}-prompt`}
          rows={2}
          readOnly={running}
          value={prompt}
          spellcheck={false}
          aria-describedby={`${id}-status`}
          onInput={(e) => edit((e.target as HTMLTextAreaElement).value)}
        />
      </div>

      <StatusLine id={`${id}-status`} load={load} backend={session.backend} model={model} note={backendNote} onRetry={session.retry} />

      {prompt === '' ? (
        <p class="predict__note" data-testid="empty-note">
          The prompt is empty. Type a few words: the model predicts the next token from the tokens before it, so with no
          tokens there is nothing to predict from (the model is not called).
        </p>
      ) : (
        <>
          <TokenChips tokens={tokens} newFrom={current ? state.newFrom : undefined} />
          {prediction && prediction.droppedTokens > 0 && current && (
            <p class="predict__note" data-testid="truncation-note">
              {truncationNote(prediction.droppedTokens, prediction.contextWindow)}
            </p>
          )}
          <p id={labelId} class="predict__label">
            {running ? 'Probabilities for the latest generated token' : 'Next-token probabilities'}
            {prediction && !running && <span class="predict__updating">{listNote(load.phase, current, prediction.prompt)}</span>}
          </p>
          {prediction && candidates ? (
            <ProbabilityList
              candidates={candidates}
              labelId={labelId}
              prompt={prediction.prompt}
              stale={!current && !running}
              pick={stepMode && step === 'pick' ? pick : null}
              computeMs={ready ? prediction.computeMs : undefined}
            />
          ) : (
            <p class="predict__note">Probabilities appear when the model has loaded.</p>
          )}
        </>
      )}

      {session.error && (
        <div class="predict__error" role="alert">
          <p>{session.error.message}</p>
          {session.error.detail && <p class="predict__detail">Detail: {session.error.detail}</p>}
        </div>
      )}

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
        <input type="checkbox" checked={stepMode} onChange={(e) => setStepMode((e.target as HTMLInputElement).checked)} /> Step by step
      </label>
      {stepMode && (
        <StepByStep
          step={step}
          tokenCount={current ? tokens.length : null}
          topLogits={current && prediction ? [...prediction.candidates].sort((a, b) => b.logit - a.logit).slice(0, 3) : []}
          vocabSize={session.vocabSize ?? null}
          pick={pick}
          temperature={settings.applied.settings.temperature}
          busy={!canAct && !(step === 'append' || step === 'pick')}
          onNext={advance}
        />
      )}
    </div>
  );
}
