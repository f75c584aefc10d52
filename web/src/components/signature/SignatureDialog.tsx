import { useId } from 'react';
import { Modal } from '../Modal';
import { SignaturePanel, type SignaturePanelProps } from './SignaturePanel';

type SignatureDialogProps = Omit<SignaturePanelProps, 'titleId' | 'statementId'>;

/** A change waiting for its electronic signature, in a modal dialog. */
export function SignatureDialog(props: SignatureDialogProps) {
  const id = useId();
  return (
    <Modal
      labelledBy={`${id}-title`}
      describedBy={`${id}-statement`}
      onClose={props.onCancel}
      testId="signature-dialog"
      className="modal--signature"
    >
      <SignaturePanel {...props} titleId={`${id}-title`} statementId={`${id}-statement`} />
    </Modal>
  );
}
