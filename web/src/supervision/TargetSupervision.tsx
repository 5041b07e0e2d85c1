import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Instruction, TimelineEntry } from '@luoshi/shared';
import { useSession } from '../auth/useSession';
import type { MessageKey } from '../i18n/messages';
import { useI18n } from '../i18n/i18n';
import { socket } from '../live/socket';
import { fill } from '../report/words';
import { svApi, svKeys } from './api';
import { chinaTime } from './time';
import './supervision.css';

/**
 * On a target's page: 催办 and 批示 for leaders and admins, the instructions with 办理回复
 * for the owner unit's staff, and the one timeline (reports, reminders, instructions,
 * replies) — refreshed live when the server says the target's timeline grew.
 */
export function TargetSupervision({
  code,
  ownerUnit,
  cancelled = false,
}: {
  code: string;
  ownerUnit: string;
  cancelled?: boolean;
}) {
  const { t } = useI18n();
  const { user } = useSession();
  const qc = useQueryClient();
  const instructions = useQuery({
    queryKey: svKeys.instructions(code),
    queryFn: () => svApi.instructions({ target: code }),
  });
  const timeline = useQuery({ queryKey: svKeys.timeline(code), queryFn: () => svApi.timeline(code) });
  useEffect(() => {
    const on = (n: { target: string }) => {
      if (n.target !== code) return;
      void qc.invalidateQueries({ queryKey: svKeys.instructions(code) });
      void qc.invalidateQueries({ queryKey: svKeys.timeline(code) });
    };
    socket.on('timeline', on);
    return () => void socket.off('timeline', on);
  }, [qc, code]);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: svKeys.instructions(code) });
    void qc.invalidateQueries({ queryKey: svKeys.timeline(code) });
  };
  const leads = user?.role === 'leader' || user?.role === 'admin';
  const replies = user?.role === 'admin' || (user?.role === 'staff' && user.unitCode === ownerUnit);
  return (
    <>
      {leads ? <LeaderActions code={code} cancelled={cancelled} onDone={refresh} /> : null}
      <section className="card sv-instructions" aria-labelledby="sv-ins-h" data-testid="instructions">
        <h3 id="sv-ins-h">{t('svInstructions')}</h3>
        {instructions.data && instructions.data.length === 0 ? (
          <p className="sv-muted">{t('svNoInstructions')}</p>
        ) : null}
        <ul>
          {instructions.data?.map((i) => (
            <InstructionItem key={i.id} ins={i} canReply={replies} onDone={refresh} />
          ))}
        </ul>
      </section>
      <section className="card sv-timeline" aria-labelledby="sv-tl-h" data-testid="timeline">
        <h3 id="sv-tl-h">{t('svTimeline')}</h3>
        <ol>
          {timeline.data?.entries.map((e) => (
            <li key={`${e.kind}-${e.id}`} className={`sv-tl-${e.kind}`} data-testid="timeline-entry" data-kind={e.kind}>
              <time dateTime={e.at}>{chinaTime(e.at)}</time>
              <span className="sv-tag">{t(`svTl_${e.kind}` as MessageKey)}</span>
              <span>{describe(e, t)}</span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function describe(e: TimelineEntry, t: (k: MessageKey) => string): string {
  switch (e.kind) {
    case 'report':
      return `${e.detail.reporter ?? ''} ${e.detail.eventKind === 'note' ? '' : e.detail.value}${e.detail.note ? ` · ${e.detail.note}` : ''}`.trim();
    case 'reminder':
      return `${e.detail.sentBy ?? ''}${e.detail.cycleDue ? ` · ${e.detail.cycleDue}` : ''}${e.detail.message ? ` · ${e.detail.message}` : ''}`;
    case 'instruction':
      return fill(t('uiLabelled'), { label: e.detail.author, body: e.detail.body });
    case 'reply':
      return fill(t('uiLabelled'), { label: e.detail.author, body: e.detail.body });
  }
}

function LeaderActions({ code, cancelled, onDone }: { code: string; cancelled: boolean; onDone: () => void }) {
  const { t } = useI18n();
  const [message, setMessage] = useState('');
  const [body, setBody] = useState('');
  const [said, setSaid] = useState<string | null>(null);
  const remind = useMutation({
    mutationFn: () => svApi.remind({ target: code, ...(message.trim() ? { message: message.trim() } : {}) }),
    onSuccess: (r) => {
      setSaid(r.warning ? t('svNoStaff') : fill(t('svRemindSent'), { n: r.reminder.recipients }));
      setMessage('');
      onDone();
    },
  });
  const instruct = useMutation({
    mutationFn: () => svApi.instruct({ target: code, body: body.trim() }),
    onSuccess: () => {
      setBody('');
      onDone();
    },
  });
  return (
    <section className="card sv-actions" data-testid="leader-actions">
      {/* Nobody is chased for a cancelled target (the server refuses with target_cancelled); a 批示 may still ask why. */}
      {cancelled ? (
        <p className="sv-muted" data-testid="remind-cancelled">
          {t('svRemindCancelled')}
        </p>
      ) : (
        <form
          onSubmit={(ev) => {
            ev.preventDefault();
            remind.mutate();
          }}
        >
          <label>
            {t('svRemindMessage')}
            <input
              value={message}
              maxLength={500}
              onChange={(e) => setMessage(e.target.value)}
              data-testid="remind-message"
            />
          </label>
          <button type="submit" disabled={remind.isPending} data-testid="remind-send">
            {t('svRemindSend')}
          </button>
          {said ? (
            <p role="status" data-testid="remind-result">
              {said}
            </p>
          ) : null}
          {remind.error ? <p role="alert">{remind.error.message}</p> : null}
        </form>
      )}
      <form
        onSubmit={(ev) => {
          ev.preventDefault();
          if (body.trim()) instruct.mutate();
        }}
      >
        <label>
          {t('svInstructionNew')}
          <textarea
            value={body}
            maxLength={2000}
            rows={2}
            onChange={(e) => setBody(e.target.value)}
            data-testid="instruction-body"
          />
        </label>
        <button type="submit" disabled={instruct.isPending || !body.trim()} data-testid="instruction-send">
          {t('svInstructionSend')}
        </button>
        {instruct.error ? <p role="alert">{instruct.error.message}</p> : null}
      </form>
    </section>
  );
}

function InstructionItem({ ins, canReply, onDone }: { ins: Instruction; canReply: boolean; onDone: () => void }) {
  const { t } = useI18n();
  const [body, setBody] = useState('');
  const [handled, setHandled] = useState(true);
  const reply = useMutation({
    mutationFn: () => svApi.reply(ins.id, { body: body.trim(), handled }),
    onSuccess: () => {
      setBody('');
      onDone();
    },
  });
  return (
    <li data-testid="instruction" data-handled={ins.handledAt ? 'yes' : 'no'}>
      <p>
        <span className={`sv-tag ${ins.handledAt ? 'handled' : 'open'}`}>
          {t(ins.handledAt ? 'svInstructionHandled' : 'svInstructionOpen')}
        </span>
        <strong>{ins.author}</strong>
        {t('uiColon')}
        {ins.body} <span className="sv-muted">{fill(t('svInstructionAge'), { n: ins.ageDays })}</span>
      </p>
      <ul className="sv-replies">
        {ins.replies.map((r) => (
          <li key={r.id} data-testid="reply">
            <strong>{r.author}</strong>
            {t('uiColon')}
            {r.body} <time className="sv-muted">{chinaTime(r.createdAt)}</time>
          </li>
        ))}
      </ul>
      {canReply && !ins.handledAt ? (
        <form
          onSubmit={(ev) => {
            ev.preventDefault();
            if (body.trim()) reply.mutate();
          }}
        >
          <label>
            {t('svReply')}
            <textarea
              value={body}
              maxLength={2000}
              rows={2}
              onChange={(e) => setBody(e.target.value)}
              data-testid="reply-body"
            />
          </label>
          <label className="sv-check">
            <input type="checkbox" checked={handled} onChange={(e) => setHandled(e.target.checked)} />{' '}
            {t('svReplyHandled')}
          </label>
          <button type="submit" disabled={reply.isPending || !body.trim()} data-testid="reply-send">
            {t('svReplySend')}
          </button>
          {reply.error ? <p role="alert">{reply.error.message}</p> : null}
        </form>
      ) : null}
    </li>
  );
}
