import { useEffect, useState } from 'react';
import { Text, Textarea, View } from '@tarojs/components';
import { Dialog } from '@nutui/nutui-react-taro';
import './index.scss';

export interface ConfirmSpec {
  title: string;
  message: string;
  confirmText: string;
  /** A text the person writes before confirming (reason, note, thanks). */
  input?: { label: string; placeholder: string; required: boolean; maxLength: number };
}

interface Props {
  spec: ConfirmSpec | null;
  /** Rejects (with a sentence to show) to keep the dialog open. */
  onConfirm: (text: string) => Promise<void>;
  onClose: () => void;
}

export class DialogError extends Error {}

/** One dialog per page asks before any action; it stays open and says why when the action fails. */
export function ConfirmDialog({ spec, onConfirm, onClose }: Props) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setText('');
    setError(null);
  }, [spec]);

  const confirm = async () => {
    if (!spec) return;
    const value = text.trim();
    if (spec.input?.required && value.length < 2) {
      setError(`请写明${spec.input.label}，至少 2 个字`);
      throw new DialogError('missing text');
    }
    try {
      await onConfirm(value);
    } catch (e) {
      setError(e instanceof Error ? e.message : '操作没有成功，请稍后再试');
      throw e;
    }
  };

  return (
    <Dialog
      visible={spec !== null}
      title={spec?.title ?? ''}
      confirmText={spec?.confirmText ?? '确定'}
      cancelText='再想想'
      closeOnOverlayClick={false}
      onConfirm={confirm}
      onCancel={onClose}
      onClose={onClose}
      content={
        spec ? (
          <View className='qy-dialog'>
            <View className='qy-dialog__message'>{spec.message}</View>
            {spec.input && (
              <View className='qy-field'>
                <Text className='qy-label'>{spec.input.label}</Text>
                <Textarea
                  className='qy-textarea qy-dialog__textarea'
                  value={text}
                  maxlength={spec.input.maxLength}
                  placeholder={spec.input.placeholder}
                  onInput={(e) => setText(e.detail.value)}
                />
              </View>
            )}
            {error && <View className='qy-error'>{error}</View>}
          </View>
        ) : null
      }
    />
  );
}
