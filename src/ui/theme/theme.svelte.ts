/**
 * The colour theme: the user's explicit choice (kept in localStorage) or, without one, the system's
 * prefers-color-scheme. Applied as `data-theme` on <html>, which theme.css reads.
 */
type ThemeName = 'light' | 'dark';
const STORAGE_KEY = 'vrrpscope.theme';

function systemTheme(): ThemeName {
  return typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches
    ? 'dark'
    : 'light';
}

function stored(): ThemeName | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'dark' || v === 'light' ? v : null;
  } catch {
    return null;
  }
}

class Theme {
  #choice = $state<ThemeName | null>(stored());
  #system = $state<ThemeName>(systemTheme());

  constructor() {
    if (typeof matchMedia !== 'undefined') {
      matchMedia('(prefers-color-scheme: dark)').addEventListener(
        'change',
        () => (this.#system = systemTheme()),
      );
    }
    this.#apply();
  }

  get current(): ThemeName {
    return this.#choice ?? this.#system;
  }

  toggle(): void {
    this.#choice = this.current === 'dark' ? 'light' : 'dark';
    try {
      localStorage.setItem(STORAGE_KEY, this.#choice);
    } catch {
      // Storage may be disabled (private mode, sandboxed iframe); the choice lasts for this page.
    }
    this.#apply();
  }

  #apply(): void {
    if (typeof document === 'undefined') return;
    if (this.#choice) document.documentElement.dataset.theme = this.#choice;
    else delete document.documentElement.dataset.theme;
  }
}

export const theme = new Theme();
