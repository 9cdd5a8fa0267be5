/**
 * What survives a page reload in this tab (sessionStorage of the embedding page): the chat
 * token, so the chat resumes, and whether the panel was open. One key per Parley server and
 * contact center. Storage may be refused (privacy modes, sandboxed frames): then nothing is kept.
 */
import type { WidgetConfig } from './config.js';

interface Saved {
  token?: string;
  open?: boolean;
}

export class SavedChat {
  private readonly key: string;

  constructor(config: WidgetConfig) {
    this.key = `parley-widget:${config.base}:${config.contactCenter ?? ''}`;
  }

  token(): string | undefined {
    const token = this.read().token;
    return typeof token === 'string' && token ? token : undefined;
  }

  open(): boolean {
    return this.read().open === true;
  }

  save(token: string): void {
    this.write({ ...this.read(), token });
  }

  forget(): void {
    const { open } = this.read();
    this.write(open ? { open } : {});
  }

  setOpen(open: boolean): void {
    this.write({ ...this.read(), open });
  }

  private read(): Saved {
    try {
      const raw = sessionStorage.getItem(this.key);
      const value: unknown = raw ? JSON.parse(raw) : {};
      return value && typeof value === 'object' ? (value as Saved) : {};
    } catch {
      return {};
    }
  }

  private write(value: Saved): void {
    try {
      sessionStorage.setItem(this.key, JSON.stringify(value));
    } catch {
      // Storage refused: the chat simply does not survive a reload.
    }
  }
}
