// The tokens islands' labelled text box. The built page (and a page without JavaScript) has a <textarea>;
// once the island runs, text-editor.ts's CodeMirror editor takes its place with the same text, selection and
// focus, so a long paste no longer blocks the page while the browser lays the whole text out. If the editor
// cannot load, the <textarea> stays and works as before.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { TextEditor } from './text-editor.ts';

interface Props {
  id: string; // of the box (the textarea, then the editor's content element); the label is `${id}-label`
  label: string;
  labelClass?: string;
  value: string;
  onInput: (text: string) => void;
}

let editorModule: Promise<typeof import('./text-editor.ts')> | null = null;

export default function TextBox({ id, label, labelClass, value, onInput }: Props) {
  const area = useRef<HTMLTextAreaElement>(null);
  const host = useRef<HTMLDivElement>(null);
  const labelRef = useRef<HTMLLabelElement>(null);
  const [editor, setEditor] = useState<TextEditor | null>(null);
  const latest = useRef({ value, onInput });
  latest.current = { value, onInput };
  const heard = useRef(value); // the editor's text as this component last knew it

  useEffect(() => {
    let made: TextEditor | null = null;
    let gone = false;
    editorModule ??= import('./text-editor.ts');
    editorModule.then(
      ({ createTextEditor }) => {
        if (gone || !host.current) return;
        const box = area.current;
        const [start, end] = box ? [box.selectionStart, box.selectionEnd] : [0, 0];
        heard.current = latest.current.value;
        made = createTextEditor(host.current, {
          doc: latest.current.value,
          selection: box?.selectionDirection === 'backward' ? { anchor: end, head: start } : { anchor: start, head: end },
          id,
          labelledBy: `${id}-label`,
          onChange: (text) => {
            heard.current = text;
            latest.current.onInput(text);
          },
        });
        if (box !== null && document.activeElement === box) made.focus();
        setEditor(made);
      },
      () => (editorModule = null), // the textarea stays; the next island to mount tries again
    );
    return () => {
      gone = true;
      made?.destroy();
    };
  }, [id]);

  // A text the page sets (a sample chosen) goes into the editor. A layout effect runs in the render that follows
  // the editor's own change, before the next key: a later effect could see a value a keystroke behind the editor
  // and write it back, dropping that key.
  useLayoutEffect(() => {
    if (editor === null || value === heard.current) return;
    heard.current = value;
    editor.setText(value);
  }, [editor, value]);

  // a click on the label focuses the editor, as it focuses a textarea
  useEffect(() => {
    const el = labelRef.current;
    if (editor === null || el === null) return;
    const focus = () => editor.focus();
    el.addEventListener('click', focus);
    return () => el.removeEventListener('click', focus);
  }, [editor]);

  return (
    <>
      <label ref={labelRef} id={`${id}-label`} class={labelClass} for={id}>
        {label}
      </label>
      {/* the editor adds itself after the textarea, which then goes: one child of the island's grid throughout */}
      <div ref={host} class="tokens-textbox">
        {editor === null && (
          <textarea ref={area} class="nt-input" id={id} rows={3} spellcheck={false} value={value} onInput={(e) => onInput((e.target as HTMLTextAreaElement).value)} />
        )}
      </div>
    </>
  );
}
