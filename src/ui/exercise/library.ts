/**
 * The exercise library as the app ships it: the JSON files of src/lib/exercises/library, read with
 * their positions (readExercise), bundled into the lazily loaded classroom chunk only.
 */
import { readExercise, type ExerciseFile } from '../../lib/exercises';
import type { Diagnostic } from '../../lib/trace/diagnostic';

const texts = import.meta.glob<string>('../../lib/exercises/library/*.json', {
  query: '?raw',
  import: 'default',
  eager: true,
});

export interface LibraryExercise {
  id: string;
  title: string;
  level: string;
  kind: string;
  file: ExerciseFile;
}

function load(): { exercises: LibraryExercise[]; problems: Diagnostic[] } {
  const exercises: LibraryExercise[] = [];
  const problems: Diagnostic[] = [];
  for (const [path, text] of Object.entries(texts).sort(([a], [b]) => a.localeCompare(b))) {
    const r = readExercise(text);
    const name = path.split('/').pop() ?? path;
    problems.push(...r.diagnostics.map((d) => ({ ...d, message: `${name}: ${d.message}` })));
    if (!r.value) continue;
    const raw = r.value.raw as Record<string, string>;
    exercises.push({ id: raw.id, title: raw.title, level: raw.level, kind: raw.kind, file: r.value });
  }
  return { exercises, problems };
}

export const LIBRARY = load();

export function findExercise(id: string): LibraryExercise | undefined {
  return LIBRARY.exercises.find((e) => e.id === id);
}

export const KIND_LABEL: Record<string, string> = {
  predict: 'Predict',
  'fix-config': 'Fix the config',
  'find-evidence': 'Find the evidence',
  diagnose: 'Diagnose',
};
