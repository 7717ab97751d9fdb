// The page script of live code blocks: small on purpose. At load it only shows each block's buttons
// (and restores a reader's saved edit); CodeMirror loads on the first focus, Edit or Run, and TF.js
// and sucrase load inside the block's worker on the first Run.

import { backendOverrideFrom } from '../../llm/backend-names.ts';
import { readModelChoice } from '../../worker/model-store.ts';
import { eventLine, outcomeLines, storageKey, type OutputLine } from './output.ts';
import type { LiveEditor } from './editor.ts';
import type { LiveRunner } from './runner.ts';

const storage = {
  get(key: string): string | null {
    try {
      return localStorage.getItem(key);
    } catch {
      return null; // storage blocked: edits just do not survive a reload
    }
  },
  set(key: string, value: string | null): void {
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, value);
    } catch {
      // quota or privacy mode: not worth bothering the reader
    }
  },
};

let editorModule: Promise<typeof import('./editor.ts')> | null = null;
let runnerModule: Promise<typeof import('./runner.ts')> | null = null;

class LiveBlock {
  private readonly root: HTMLElement;
  private readonly example: string;
  private readonly original: string;
  private readonly timeoutMs: number;
  private readonly key: string;
  private readonly staticCode: HTMLElement;
  private readonly host: HTMLElement;
  private readonly runButton: HTMLButtonElement;
  private readonly resetButton: HTMLButtonElement;
  private readonly editButton: HTMLButtonElement;
  private readonly output: HTMLElement;
  private readonly status: HTMLElement;
  private code: string;
  private editor: LiveEditor | null = null;
  private upgrading: Promise<LiveEditor> | null = null;
  private runner: LiveRunner | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(root: HTMLElement, occurrence: number) {
    this.root = root;
    this.example = root.dataset.example ?? 'example';
    this.original = root.dataset.source ?? '';
    this.timeoutMs = Number(root.dataset.timeout) || 5000;
    this.key = storageKey(location.pathname, this.example, occurrence);
    const part = <T extends HTMLElement>(name: string) => root.querySelector<T>(`[data-live="${name}"]`)!;
    this.staticCode = part('static');
    this.host = part('editor');
    this.runButton = part('run');
    this.resetButton = part('reset');
    this.editButton = part('edit');
    this.output = part('output');
    this.status = part('status');
    root.id ||= `live-code-${this.example}${occurrence > 0 ? `-${occurrence + 1}` : ''}`;
    part('keys').id = `${root.id}-keys`;

    const saved = storage.get(this.key);
    this.code = saved ?? this.original;
    part('bar').hidden = false;
    this.runButton.addEventListener('click', () => (this.root.hasAttribute('data-running') ? this.stop() : void this.run()));
    this.editButton.addEventListener('click', () => this.wake(true));
    this.resetButton.addEventListener('click', () => this.reset());
    // The static code upgrades on the first focus or click (not on the copy button: copying stays instant).
    const wake = (event: Event) => {
      if (!(event.target as Element | null)?.closest('button')) this.wake(true);
    };
    this.staticCode.addEventListener('focusin', wake);
    this.staticCode.addEventListener('pointerdown', wake);
    this.root.addEventListener('keydown', (event) => {
      // From the buttons or the static code; inside the editor CodeMirror's own Mod-Enter has handled it.
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.defaultPrevented) {
        event.preventDefault();
        void this.run();
      }
    });
    if (saved !== null && saved !== this.original) {
      // The reader changed this block on an earlier visit: show their version straight away.
      this.setEdited(true);
      this.wake(false);
    }
  }

  /** Loads the editor; a failure is already shown in the panel. */
  private wake(focus: boolean): void {
    this.upgrade(focus).catch(() => {});
  }

  /** Replaces the static code with the editor (once). */
  private upgrade(focus: boolean): Promise<LiveEditor> {
    this.upgrading ??= (async () => {
      this.setStatus('Loading the editor…');
      editorModule ??= import('./editor.ts');
      let createEditor: typeof import('./editor.ts').createEditor;
      try {
        ({ createEditor } = await editorModule);
      } catch (error) {
        // Offline, or a deploy replaced the chunk: say so once; the next focus or Run tries again.
        editorModule = null;
        this.upgrading = null;
        this.setStatus('');
        this.show([{ kind: 'error', text: `The editor could not load (${(error as Error).message}). The code above still runs with Run.` }]);
        throw error;
      }
      const hadFocus = this.staticCode.contains(document.activeElement);
      const editor = createEditor(this.host, {
        doc: this.code,
        label: `Code of ${this.example}.ts, editable`,
        describedBy: `${this.root.id}-keys`,
        onRun: () => void this.run(),
        onChange: (code) => this.changed(code),
      });
      this.editor = editor;
      this.staticCode.hidden = true;
      this.host.hidden = false;
      this.editButton.hidden = true;
      this.setStatus('');
      if (focus || hadFocus) editor.focus();
      return editor;
    })();
    const upgrading = this.upgrading;
    if (focus) void upgrading.then((editor) => editor.focus(), () => {});
    return upgrading;
  }

  private changed(code: string): void {
    this.code = code;
    this.setEdited(code !== this.original);
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => storage.set(this.key, code === this.original ? null : code), 250);
  }

  private setEdited(edited: boolean): void {
    this.resetButton.hidden = !edited;
    this.root.toggleAttribute('data-edited', edited);
  }

  private reset(): void {
    clearTimeout(this.saveTimer);
    storage.set(this.key, null);
    this.code = this.original;
    this.editor?.setCode(this.original);
    this.setEdited(false);
    this.setStatus('Code reset to the original.');
    (this.editor ? this.editor : this.runButton).focus();
  }

  private stop(): void {
    this.runner?.stop(); // the pending run() then ends with "Stopped."
  }

  async run(): Promise<void> {
    if (this.root.hasAttribute('data-running')) return;
    this.setRunning(true);
    this.setStatus('Starting…');
    this.output.replaceChildren();
    this.output.hidden = false;
    const editing = this.upgrade(false).catch(() => null); // the editor loads alongside the first run
    runnerModule ??= import('./runner.ts');
    const { LiveRunner } = await runnerModule;
    this.runner ??= new LiveRunner(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: `live-code ${this.example}` }));
    const source = (await editing)?.getCode() ?? this.code;
    let backend: string | undefined;
    // The same reading of ?backend= as the widgets: any case, an unknown name falls back with a note.
    const override = backendOverrideFrom(location.search);
    if (override.note) this.show([{ kind: 'meta', text: override.note }]);
    const outcome = await this.runner.run(source, {
      timeoutMs: this.timeoutMs,
      backend: override.backend,
      models: (this.root.dataset.models ?? '').split(',').filter(Boolean),
      chosen: readModelChoice(), // the model pickers' page-wide choice, read at each Run
      onEvent: (event) => {
        if (event.kind === 'started') {
          backend = event.backend;
          this.setStatus('Running…');
        }
        const line = eventLine(event);
        if (line) this.show([line]);
      },
    });
    this.show(outcomeLines(outcome, backend));
    this.setRunning(false);
    this.setStatus('');
    this.root.dataset.runs = String(Number(this.root.dataset.runs ?? 0) + 1); // finished runs, for tests
  }

  private setRunning(running: boolean): void {
    this.root.toggleAttribute('data-running', running);
    this.runButton.textContent = running ? 'Stop' : 'Run';
    this.runButton.setAttribute('aria-label', running ? `Stop ${this.example}.ts` : `Run ${this.example}.ts`);
  }

  private setStatus(text: string): void {
    this.status.textContent = text;
  }

  private show(lines: OutputLine[]): void {
    this.output.hidden = false;
    for (const line of lines) {
      const div = document.createElement('div');
      div.className = `live-code__line live-code__line--${line.kind}`;
      div.textContent = line.text;
      this.output.append(div);
    }
  }
}

export function setupLiveCode(): void {
  const seen = new Map<string, number>();
  for (const root of document.querySelectorAll<HTMLElement>('[data-live-code]')) {
    if (root.dataset.liveReady) continue;
    root.dataset.liveReady = 'true';
    const example = root.dataset.example ?? '';
    const occurrence = seen.get(example) ?? 0;
    seen.set(example, occurrence + 1);
    new LiveBlock(root, occurrence);
  }
}
