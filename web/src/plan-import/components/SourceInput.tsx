import { useState, type DragEvent } from 'react';
import { MAX_IMPORT_TEXT } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';

/** Plans arrive as UTF-8 or, from older Windows machines, GB18030; TextDecoder reads both. */
async function readText(file: File): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

export function SourceInput({
  text,
  onText,
  onExtract,
  pending,
}: {
  text: string;
  onText: (text: string) => void;
  onExtract: () => void;
  pending: boolean;
}) {
  const { t } = useI18n();
  const [fileError, setFileError] = useState<string | null>(null);

  const load = async (file: File | undefined) => {
    if (!file) return;
    setFileError(null);
    if (/\.docx?$/i.test(file.name)) return setFileError(t('impDocx'));
    try {
      onText((await readText(file)).slice(0, MAX_IMPORT_TEXT));
    } catch {
      setFileError(t('impFileError'));
    }
  };
  const onDrop = (e: DragEvent) => {
    if (e.dataTransfer.files.length === 0) return;
    e.preventDefault();
    void load(e.dataTransfer.files[0]);
  };

  return (
    <section className="imp-card imp-source" aria-labelledby="imp-source-label">
      <label id="imp-source-label" htmlFor="imp-text" className="imp-card-title">
        {t('impSource')}
      </label>
      <textarea
        id="imp-text"
        value={text}
        rows={12}
        maxLength={MAX_IMPORT_TEXT}
        placeholder={t('impPasteHint')}
        onChange={(e) => onText(e.target.value)}
        onDragOver={(e) => e.preventDefault()}
        onDrop={onDrop}
      />
      <div className="imp-source-actions">
        <label className="imp-file">
          <input type="file" accept=".txt,text/plain" onChange={(e) => void load(e.target.files?.[0])} />
          <span>{t('impUpload')}</span>
        </label>
        <span className="imp-muted" aria-live="polite">
          {text.length.toLocaleString()} / {MAX_IMPORT_TEXT.toLocaleString()}
        </span>
        <button type="button" className="imp-primary" disabled={pending || text.trim() === ''} onClick={onExtract}>
          {pending ? t('impExtracting') : t('impExtract')}
        </button>
      </div>
      {fileError ? (
        <p className="imp-field-error" role="alert">
          {fileError}
        </p>
      ) : null}
    </section>
  );
}
