// "What comes next?": type a prompt, see the model's next-token probabilities, pick, generate.
// The island only draws and asks; the page's model worker (../model/) tokenizes and computes.
// It never imports TF.js, so the UI thread stays free while the model runs.
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { getModelClient } from '../model/client.ts';
import {
  isBackendName,
  type BackendInfo,
  type GeneratedToken,
  type ModelInfo,
  type Prediction,
  type SamplingSettings,
  type TokenView,
  type WorkerError,
} from '../model/protocol.ts';
import ProbabilityList from './ProbabilityList.tsx';
import SamplingControls from './SamplingControls.tsx';
import StepByStep, { nextStep, type Step } from './StepByStep.tsx';
import TokenChips from './TokenChips.tsx';
import {
  backendLine,
  DEFAULT_SEED,
  DEFAULT_SETTINGS,
  formatBytes,
  LatestOnly,
  parseUrlState,
  progressPercent,
  requestKey,
  serialiseUrlState,
  truncationNote,
  TYPING_DEBOUNCE_MS,
  validateSettings,
  type SettingsInput,
  type WidgetState,
} from './view.ts';

interface Props {
  /** Folder name under public/models/ (config.json, model.safetensors, tokenizer.json). */
  model?: string;
  defaultPrompt: string;
  /** The result for defaultPrompt, computed at build time so the page shows it before JavaScript runs. */
  initial?: Prediction | null;
  /** How many candidates to list. */
  topN?: number;
  /** How many tokens "Generate" produces. */
  maxTokens?: number;
  /** Keep prompt and settings in the page URL (one widget per page should do this). */
  syncUrl?: boolean;
}

type Load =
  | { phase: 'waiting' } // server-rendered, not hydrated yet
  | { phase: 'loading'; loaded: number; total: number }
  | { phase: 'ready'; info: ModelInfo }
  | { phase: 'failed'; error: WorkerError };

const URL_DEBOUNCE_MS = 400;

function toInput(settings: SamplingSettings, seed: number): SettingsInput {
  return { temperature: String(settings.temperature), topK: String(settings.topK), topP: String(settings.topP), seed: String(seed) };
}

export default function PredictWidget({ model = 'book-small', defaultPrompt, initial = null, topN = 10, maxTokens = 20, syncUrl = true }: Props) {
  const id = useId();
  const defaults: WidgetState = { prompt: defaultPrompt, settings: DEFAULT_SETTINGS, seed: DEFAULT_SEED };
  const [prompt, setPrompt] = useState(defaultPrompt);
  const [input, setInput] = useState<SettingsInput>(toInput(DEFAULT_SETTINGS, DEFAULT_SEED));
  const [applied, setApplied] = useState({ settings: DEFAULT_SETTINGS, seed: DEFAULT_SEED });
  const [load, setLoad] = useState<Load>({ phase: 'waiting' });
  const [backend, setBackend] = useState<BackendInfo | null>(null);
  const [prediction, setPrediction] = useState<Prediction | null>(initial && initial.prompt === defaultPrompt ? initial : null);
  const [predictError, setPredictError] = useState<WorkerError | null>(null);
  const [generated, setGenerated] = useState<GeneratedToken[]>([]);
  const [generating, setGenerating] = useState(false);
  const [busy, setBusy] = useState(false); // a sample/step call is running
  const [stepMode, setStepMode] = useState(false);
  const [step, setStep] = useState<Step>('tokens');
  const [pick, setPick] = useState<{ token: TokenView; probability: number } | null>(null);
  const [newFrom, setNewFrom] = useState<number | undefined>(undefined);
  const [urlRead, setUrlRead] = useState(!syncUrl);

  const guard = useRef(new LatestOnly());
  const inflight = useRef<AbortController | null>(null);
  const generation = useRef<AbortController | null>(null);
  const backendOverride = useRef<string | null>(null);

  const vocabSize = load.phase === 'ready' ? load.info.vocabSize : undefined;
  const validated = validateSettings(input, applied, vocabSize);
  const settings = applied.settings;
  const key = requestKey(model, prompt, settings);
  const currentKey = useRef(key);
  currentKey.current = key;
  const current = prediction !== null && requestKey(model, prediction.prompt, prediction.settings) === key;
  const ready = load.phase === 'ready';

  // Hydrated: read the shared URL state, then load the model (this island only hydrates when visible).
  useEffect(() => {
    const search = window.location.search;
    backendOverride.current = new URLSearchParams(search).get('backend');
    if (syncUrl) {
      const state = parseUrlState(search, defaults);
      setPrompt(state.prompt);
      setApplied({ settings: state.settings, seed: state.seed });
      setInput(toInput(state.settings, state.seed));
      setUrlRead(true);
    }
    startLoad();
    return () => {
      inflight.current?.abort();
      generation.current?.abort();
    };
  }, []);

  function startLoad() {
    const override = backendOverride.current;
    setLoad({ phase: 'loading', loaded: 0, total: 0 });
    getModelClient()
      .call(
        'load',
        { model, backend: isBackendName(override) ? override : null },
        { onProgress: (p) => setLoad({ phase: 'loading', loaded: p.loaded, total: p.total }) },
      )
      .then((out) => {
        if (out.ok) {
          setBackend(out.value.backend);
          setLoad({ phase: 'ready', info: out.value });
        } else setLoad({ phase: 'failed', error: out.error });
      });
  }

  // Predict after typing pauses; only the newest request's answer may reach the screen.
  useEffect(() => {
    if (!ready || prompt === '' || current) return;
    const timer = setTimeout(() => {
      inflight.current?.abort();
      const controller = new AbortController();
      inflight.current = controller;
      const ticket = guard.current.issue(key);
      getModelClient()
        .call('predict', { model, text: prompt, settings, topN }, { signal: controller.signal, onBackend: setBackend })
        .then((out) => {
          if (!guard.current.isCurrent(ticket, currentKey.current)) return; // a newer prompt is on screen
          if (out.ok) {
            setPrediction(out.value);
            setPredictError(null);
          } else if (out.error.code !== 'cancelled') setPredictError(out.error);
        });
    }, TYPING_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [key, ready, current]);

  // Share what the reader sees: prompt and settings in the URL (after the URL itself was read).
  useEffect(() => {
    if (!syncUrl || !urlRead) return;
    const timer = setTimeout(() => {
      const search = serialiseUrlState({ prompt, ...applied }, defaults, window.location.search);
      const url = window.location.pathname + search + window.location.hash;
      if (url !== window.location.pathname + window.location.search + window.location.hash) history.replaceState(history.state, '', url);
    }, URL_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [prompt, applied, urlRead]);

  function changeSetting(field: keyof SettingsInput, value: string) {
    const next = { ...input, [field]: value };
    setInput(next);
    const v = validateSettings(next, applied, vocabSize);
    setApplied({ settings: v.settings, seed: v.seed }); // valid fields apply, invalid ones keep their last value
  }

  function editPrompt(text: string) {
    setPrompt(text);
    setNewFrom(undefined);
    setPick(null);
    setStep('tokens');
  }

  // The prompt as it is now, for async calls that finish after the reader may have typed.
  const promptNow = useRef(prompt);
  promptNow.current = prompt;

  /** Appends to the prompt the call started from; if the reader has edited it since, drops the result. */
  function appendTo(base: string, text: string) {
    if (promptNow.current !== base) return;
    setNewFrom(prediction?.tokens.length);
    setPrompt(base + text);
  }

  function append(text: string) {
    appendTo(prompt, text);
  }

  async function sampleOne(): Promise<{ token: TokenView; probability: number } | null> {
    setBusy(true);
    const out = await getModelClient().call('sample', { model, text: prompt, settings, seed: applied.seed }, { onBackend: setBackend });
    setBusy(false);
    if (!out.ok) {
      if (out.error.code !== 'cancelled') setPredictError(out.error);
      return null;
    }
    return out.value;
  }

  async function generate() {
    const controller = new AbortController();
    generation.current = controller;
    const base = prompt;
    setGenerating(true);
    setGenerated([]);
    let text = '';
    const out = await getModelClient().call(
      'generate',
      { model, text: prompt, settings, seed: applied.seed, maxTokens },
      {
        signal: controller.signal,
        onStream: (item) => {
          text = item.textSoFar;
          setGenerated((list) => [...list, item]);
        },
        onBackend: setBackend,
      },
    );
    generation.current = null;
    setGenerating(false);
    if (out.ok) text = out.value.text;
    else if (out.error.code !== 'cancelled') setPredictError(out.error);
    if (text) appendTo(base, text);
  }

  async function advance() {
    const next = nextStep(step);
    if (next === 'pick') {
      const base = prompt;
      const picked = await sampleOne();
      if (!picked || promptNow.current !== base) return;
      setPick(picked);
    }
    if (next === 'append' && pick) append(pick.token.text);
    if (next === 'tokens') setPick(null);
    setStep(next);
  }

  const tokens = prediction?.tokens ?? [];
  const canAct = ready && current && !generating && !busy;
  const labelId = `${id}-probs-label`;
  const override = backendOverride.current;
  const badOverride = override !== null && !isBackendName(override) ? ` (Ignored ?backend=${override}: use webgpu, wasm, webgl or cpu.)` : '';
  const statusText = useMemo(() => statusLine(load, backend, model) + badOverride, [load, backend, model, badOverride]);

  return (
    <div class="predict not-content" data-testid="predict" data-phase={load.phase} data-model={model}>
      <div class="predict__prompt">
        <label for={`${id}-prompt`}>Prompt</label>
        <textarea
          id={`${id}-prompt`}
          rows={2}
          readOnly={generating}
          value={prompt}
          spellcheck={false}
          aria-describedby={`${id}-status`}
          onInput={(e) => editPrompt((e.target as HTMLTextAreaElement).value)}
        />
      </div>

      <div id={`${id}-status`} class="predict__status" data-testid="predict-status">
        {load.phase === 'loading' && (
          <progress max={100} value={progressPercent(load.loaded, load.total)} aria-label="Model download" />
        )}
        {/* Only phase changes are announced; the byte count updates too often for a live region. */}
        <span role="status" class="sr-only">
          {load.phase === 'loading' ? 'Loading the model.' : load.phase === 'waiting' ? '' : statusText}
        </span>
        <span>{statusText}</span>
        {load.phase === 'failed' && (
          <button type="button" onClick={startLoad}>
            Retry
          </button>
        )}
      </div>

      {prompt === '' ? (
        <p class="predict__note" data-testid="empty-note">
          The prompt is empty. Type a few words: the model predicts the next token from the tokens before it, so with no
          tokens there is nothing to predict from (the model is not called).
        </p>
      ) : (
        <>
          <TokenChips tokens={tokens} newFrom={current ? newFrom : undefined} />
          {prediction && prediction.droppedTokens > 0 && current && (
            <p class="predict__note" data-testid="truncation-note">
              {truncationNote(prediction.droppedTokens, prediction.contextWindow)}
            </p>
          )}
          <p id={labelId} class="predict__label">
            Next-token probabilities
            {prediction && !current && <span class="predict__updating"> (updating for the new prompt…)</span>}
          </p>
          {prediction ? (
            <ProbabilityList
              candidates={prediction.candidates}
              labelId={labelId}
              prompt={prediction.prompt}
              stale={!current}
              highlight={stepMode && pick ? pick.token.id : null}
              computeMs={ready ? prediction.computeMs : undefined}
            />
          ) : (
            <p class="predict__note">Probabilities appear when the model has loaded.</p>
          )}
        </>
      )}

      {predictError && (
        <p class="predict__error" role="alert">
          {predictError.message}
        </p>
      )}

      <div class="predict__actions">
        <button type="button" disabled={!canAct} onClick={() => prediction && append(prediction.candidates[0].text)}>
          Append top token
        </button>
        <button
          type="button"
          disabled={!canAct}
          onClick={async () => {
            const base = prompt;
            const picked = await sampleOne();
            if (picked) appendTo(base, picked.token.text);
          }}
        >
          Sample one
        </button>
        {generating ? (
          <button type="button" class="predict__stop" onClick={() => generation.current?.abort()}>
            Stop
          </button>
        ) : (
          <button type="button" disabled={!canAct} onClick={generate}>
            Generate {maxTokens} tokens
          </button>
        )}
      </div>

      {(generating || generated.length > 0) && (
        <div class="predict__generated" data-testid="generated" data-count={generated.length} aria-busy={generating}>
          <p>{generating ? `Generating… ${generated.length} of ${maxTokens}` : `Generated ${generated.length} token${generated.length === 1 ? '' : 's'}, appended to the prompt.`}</p>
          <TokenChips tokens={generated.map((g) => g.token)} newFrom={0} label="Generated tokens" />
        </div>
      )}

      <SamplingControls
        idPrefix={id}
        input={input}
        errors={validated.errors}
        settings={settings}
        vocabSize={vocabSize}
        disabled={generating}
        onChange={changeSetting}
      />

      <label class="predict__toggle">
        <input type="checkbox" checked={stepMode} onChange={(e) => setStepMode((e.target as HTMLInputElement).checked)} /> Step by step
      </label>
      {stepMode && (
        <StepByStep
          step={step}
          tokenCount={tokens.length}
          topLogits={current && prediction ? [...prediction.candidates].sort((a, b) => b.logit - a.logit).slice(0, 3) : []}
          vocabSize={vocabSize ?? null}
          pick={pick}
          temperature={settings.temperature}
          busy={!canAct && !(step === 'append' || step === 'pick')}
          onNext={advance}
        />
      )}
    </div>
  );
}

function statusLine(load: Load, backend: BackendInfo | null, model: string): string {
  switch (load.phase) {
    case 'waiting':
      return `Precomputed result for the default prompt. The live model (${model}) loads when this widget is on screen and JavaScript runs.`;
    case 'loading':
      return load.total > 0
        ? `Loading the model: ${formatBytes(load.loaded)} of ${formatBytes(load.total)}`
        : `Loading the model${load.loaded > 0 ? `: ${formatBytes(load.loaded)}` : '…'}`;
    case 'ready':
      return `${backendLine(backend ?? load.info.backend)}. Model ${model}, ${load.info.contextWindow}-token context.`;
    case 'failed':
      return `The model could not load: ${load.error.message}`;
  }
}
