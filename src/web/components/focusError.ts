/** Moves the focus to the first field marked invalid, once React has rendered the errors. */
export function focusFirstError(): void {
  window.setTimeout(() => {
    document.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus();
  }, 0);
}
