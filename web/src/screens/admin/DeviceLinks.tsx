import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import type { IssuedToken } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { fill } from '../../report/words';
import { deviceLink } from '../../wall/token';
import { screensApi } from './api';

/**
 * The link just issued, shown this once with its QR code (drawn here in the browser: the
 * secret never leaves the page for an image service). The server keeps only its hash.
 */
function OneTimeLink({ screenId, link, onDone }: { screenId: string; link: string; onDone: () => void }) {
  const { t } = useI18n();
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(link, { errorCorrectionLevel: 'M', margin: 2, width: 240 }).then(
      (url) => live && setQr(url),
      () => live && setQr(null),
    );
    return () => {
      live = false;
    };
  }, [link]);
  return (
    <div className="dl-once" role="status" data-testid="device-link">
      <p>
        <strong>{fill(t('dlOnceTitle'), { screen: screenId })}</strong>
      </p>
      <div className="dl-once-body">
        {qr ? <img className="dl-qr" src={qr} alt={t('dlQrAlt')} width={240} height={240} data-testid="device-link-qr" /> : <div className="dl-qr" />}
        <div className="dl-once-text">
          <code className="dl-secret" data-testid="device-link-value">
            {link}
          </code>
          <p className="dl-muted">{t('dlOnceNote')}</p>
          <div className="sc-actions">
            <button type="button" onClick={() => void navigator.clipboard?.writeText(link).catch(() => undefined)}>
              {t('dlCopy')}
            </button>
            <button type="button" onClick={onDone} data-testid="device-link-done">
              {t('dlDone')}
            </button>
          </div>
        </div>
      </div>
    </div>
  );
}

/** A screen's device links: issue one (shown once, with a QR code), list them, revoke them. */
export function DeviceLinks({ screenId }: { screenId: string }) {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const key = ['tokens'];
  const tokens = useQuery({ queryKey: key, queryFn: screensApi.tokens });
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const [error, setError] = useState<string | null>(null);
  const issue = useMutation({
    mutationFn: () => screensApi.issueDeviceToken(screenId, fill(t('dlDeviceName'), { screen: screenId })),
    onSuccess: (tok) => {
      setIssued(tok);
      setError(null);
      void qc.invalidateQueries({ queryKey: key });
    },
    onError: (e: Error) => setError(e.message),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => screensApi.revokeToken(id),
    onSuccess: () => {
      setError(null);
      void qc.invalidateQueries({ queryKey: key });
    },
    onError: (e: Error) => setError(e.message),
  });
  const mine = (tokens.data ?? []).filter((x) => x.role === 'screen' && x.screenId === screenId);
  const when = (iso: string): string => new Date(iso).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section className="dl" data-testid="device-links">
      <h3>{t('dlHeading')}</h3>
      <p className="dl-muted">{t('dlIntro')}</p>
      {issued ? <OneTimeLink screenId={screenId} link={deviceLink(window.location.origin, screenId, issued.token)} onDone={() => setIssued(null)} /> : null}
      <p>
        <button type="button" onClick={() => issue.mutate()} disabled={issue.isPending} data-testid="device-link-issue">
          {issue.isPending ? t('dlIssuing') : t('dlIssue')}
        </button>
      </p>
      {error ? (
        <p className="sc-error" role="alert">
          {error}
        </p>
      ) : null}
      {mine.length === 0 ? (
        <p className="dl-muted">{tokens.isPending ? '…' : t('dlNone')}</p>
      ) : (
        <table className="dl-table">
          <thead>
            <tr>
              <th>{t('dlName')}</th>
              <th>{t('dlCreated')}</th>
              <th>{t('dlState')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {mine.map((x) => (
              <tr key={x.id} data-testid="device-token-row" data-revoked={x.revokedAt ? 'true' : 'false'}>
                <td data-label={t('dlName')}>{x.name}</td>
                <td data-label={t('dlCreated')}>{when(x.createdAt)}</td>
                <td data-label={t('dlState')} className={x.revokedAt ? 'dl-revoked' : 'dl-active'}>
                  {x.revokedAt ? fill(t('dlRevokedAt'), { at: when(x.revokedAt) }) : t('dlActive')}
                </td>
                <td>
                  {x.revokedAt ? null : (
                    <button type="button" disabled={revoke.isPending} onClick={() => window.confirm(t('dlRevokeConfirm')) && revoke.mutate(x.id)} data-testid="device-token-revoke">
                      {t('dlRevoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
