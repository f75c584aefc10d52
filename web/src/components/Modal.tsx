import { type ReactNode, useLayoutEffect, useRef } from 'react';

interface ModalProps {
  /** The id of the heading that names the dialog. */
  labelledBy: string;
  describedBy?: string;
  /** Escape, or the close button of the content. */
  onClose: () => void;
  testId?: string;
  className?: string;
  children: ReactNode;
}

/**
 * A modal <dialog>: open while mounted. The browser keeps focus inside it,
 * makes the page behind inert, and closes it on Escape. Focus starts on the
 * element marked data-autofocus, if any.
 */
export function Modal({
  labelledBy,
  describedBy,
  onClose,
  testId,
  className,
  children,
}: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  // Before the content's own effects run, so that they may move the focus.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // showModal() focuses the first control; a form may name a better one.
    dialog?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={`modal${className ? ` ${className}` : ''}`}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {children}
    </dialog>
  );
}
