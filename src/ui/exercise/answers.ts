/** The model answer of a student's variant in words, for the teacher's answer sheet. */
import { secondsLabel, US_PER_S } from '../../lib/trace/time';
import type { Answer, Exercise } from '../../lib/exercises';

export function answerText(ex: Exercise, answer: Answer): string {
  const parts: string[] = [];
  if (answer.master !== undefined) parts.push(answer.master);
  if (answer.time !== undefined) parts.push(secondsLabel(Math.round(answer.time * US_PER_S)));
  if (answer.choice !== undefined)
    parts.push(ex.choices?.find((c) => c.id === answer.choice)?.text ?? answer.choice);
  if (answer.packet !== undefined) parts.push(`packet ${answer.packet + 1}`);
  for (const e of ex.solution.edits ?? []) parts.push(`${e.node}: "${e.find}" → "${e.replace}"`);
  return parts.join('; ');
}
