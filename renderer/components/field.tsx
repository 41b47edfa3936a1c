/** A labelled form field with its error message wired for screen readers. */
import type { ReactNode } from 'react';

export function Field(props: { id: string; label: string; error?: string | null; hint?: string; required?: boolean; children: ReactNode; className?: string }) {
  return (
    <div className={`field${props.error ? ' invalid' : ''}${props.className ? ` ${props.className}` : ''}`}>
      <label htmlFor={props.id}>{props.label}{props.required ? <span className="req" aria-hidden="true"> *</span> : null}</label>
      {props.children}
      {props.hint && !props.error ? <div className="hint" id={`${props.id}-hint`}>{props.hint}</div> : null}
      {props.error ? <div className="error" id={`${props.id}-error`} role="alert">{props.error}</div> : null}
    </div>
  );
}

/** aria props for an input whose Field may show an error. */
export function describedBy(id: string, error: string | null | undefined, hint?: boolean) {
  return {
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : hint ? `${id}-hint` : undefined,
  } as const;
}
