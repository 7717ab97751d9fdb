// One labelled whole-number field with its message beside it. The message is the field's
// description (read on focus) and a polite live region, so a new message is announced once.
import type { FieldSpec } from './calc.ts';

interface Props {
  spec: FieldSpec;
  id: string;
  text: string;
  error: string | undefined;
  onInput: (text: string) => void;
}

export default function CalcField({ spec, id, text, error, onInput }: Props) {
  const messageId = `${id}-message`;
  return (
    <div class={error ? 'param-calc__field param-calc__field--bad' : 'param-calc__field'} data-field={spec.key}>
      <label for={id}>{spec.label}</label>
      <input
        class="nt-input"
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellcheck={false}
        value={text}
        aria-invalid={error ? 'true' : 'false'}
        aria-describedby={messageId}
        onInput={(e) => onInput((e.target as HTMLInputElement).value)}
      />
      <p id={messageId} class="nt-error param-calc__message" aria-live="polite" data-testid={`message-${spec.key}`}>
        {error ?? ''}
      </p>
    </div>
  );
}
