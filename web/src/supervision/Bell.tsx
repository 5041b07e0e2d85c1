import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import type { InboxNotice, InboxResponse } from '@luoshi/shared';
import { useI18n } from '../i18n/i18n';
import { socket } from '../live/socket';
import { fill } from '../report/words';
import { svApi, svKeys } from './api';
import { chinaTime } from './time';

/**
 * The notification bell: the unread count from the inbox, kept live by the server's
 * `inbox` event (sent to this user's sockets only) and refetched on every reconnect, so a
 * notice missed while offline shows up anyway.
 */
export function Bell() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const inbox = useQuery({ queryKey: svKeys.inbox, queryFn: svApi.inbox, staleTime: 30_000 });
  useEffect(() => {
    const onInbox = (n: InboxNotice) => {
      qc.setQueryData<InboxResponse>(svKeys.inbox, (cur) =>
        cur ? { unread: n.unread, items: n.item && !cur.items.some((i) => i.id === n.item!.id) ? [n.item, ...cur.items] : cur.items } : cur,
      );
      if (n.item === null) void qc.invalidateQueries({ queryKey: svKeys.inbox });
      void qc.invalidateQueries({ queryKey: ['sv'] });
    };
    const onConnect = () => void qc.invalidateQueries({ queryKey: svKeys.inbox });
    socket.on('inbox', onInbox);
    socket.on('connect', onConnect);
    return () => {
      socket.off('inbox', onInbox);
      socket.off('connect', onConnect);
    };
  }, [qc]);
  const readAll = useMutation({
    mutationFn: () => svApi.markRead(),
    onSuccess: () => void qc.invalidateQueries({ queryKey: svKeys.inbox }),
  });
  const unread = inbox.data?.unread ?? 0;
  return (
    <div className="sv-bell">
      <button
        type="button"
        className="sv-bell-button"
        aria-expanded={open}
        aria-label={`${t('svBell')}${unread ? `, ${fill(t('svBellUnread'), { n: unread })}` : ''}`}
        onClick={() => setOpen(!open)}
        data-testid="bell"
      >
        <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
          <path d="M13.73 21a2 2 0 0 1-3.46 0" />
        </svg>
        {unread > 0 ? (
          <span className="sv-bell-count" data-testid="bell-count">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div className="sv-inbox" role="dialog" aria-label={t('svBell')} data-testid="inbox">
          <div className="sv-inbox-head">
            <strong>{t('svBell')}</strong>
            {unread > 0 ? (
              <button type="button" onClick={() => readAll.mutate()} disabled={readAll.isPending} data-testid="inbox-read-all">
                {t('svMarkAllRead')}
              </button>
            ) : null}
          </div>
          {inbox.data && inbox.data.items.length === 0 ? <p className="sv-muted">{t('svInboxEmpty')}</p> : null}
          <ul>
            {inbox.data?.items.map((n) => (
              <li key={n.id} className={n.readAt ? 'read' : 'unread'} data-testid="inbox-item">
                {n.target ? (
                  <Link href={`/targets/${n.target}`} onClick={() => setOpen(false)}>
                    {n.title}
                  </Link>
                ) : (
                  <span>{n.title}</span>
                )}
                {n.body ? <p>{n.body}</p> : null}
                <time dateTime={n.createdAt}>{chinaTime(n.createdAt)}</time>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
