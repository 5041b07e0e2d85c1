import { Fragment } from 'react';
import { splitDates } from './dates';
import './ui.css';

/**
 * Text whose dates and times never break over two lines (`2026-12-` / `31`, `3月` / `31日`):
 * each one is kept whole in a nowrap span, the words around it wrap as they will. For table
 * cells that mix a sentence with dates (the 通报's adjustments and laggards).
 */
export function KeepDates({ text }: { text: string }) {
  return (
    <>
      {splitDates(text).map((part, i) =>
        part.date ? (
          <span key={i} className="keep-date">
            {part.text}
          </span>
        ) : (
          <Fragment key={i}>{part.text}</Fragment>
        ),
      )}
    </>
  );
}
