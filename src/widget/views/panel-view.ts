// The panel's frame: the launcher, the dialog (or inline region) with its header, message log and
// composer, opening and closing, the busy state of the send button, and the focus trap.
import type { Strings } from '../i18n.ts';
import { button, element, speechBubbleIcon } from './dom.ts';
import { WIDGET_CSS } from './styles.ts';

export interface FrameOptions {
  strings: Strings;
  lang: string;
  title: string | undefined;
  placeholder: string | undefined;
  /** CSS colour for the header, launcher and chips. */
  color: string | undefined;
  position: 'right' | 'left';
  /** Render in place (the chat page) instead of behind a launcher button. */
  inline: boolean;
  /** The composer was submitted: ask its text, or stop the answer being written. */
  onSubmit: () => void;
}

export class PanelView {
  readonly log: HTMLDivElement;
  readonly input: HTMLTextAreaElement;
  private readonly panel: HTMLDivElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly launcher: HTMLButtonElement | undefined;
  private readonly heading: HTMLHeadingElement;

  constructor(
    private readonly shadow: ShadowRoot,
    private readonly options: FrameOptions,
  ) {
    const { strings } = options;
    const style = document.createElement('style');
    style.textContent = WIDGET_CSS;
    const root = element('div', `root${options.position === 'left' ? ' left' : ''}${options.inline ? ' inline' : ''}`);
    root.lang = options.lang;
    if (options.color && CSS.supports('color', options.color)) root.style.setProperty('--sc-accent', options.color);

    this.panel = element('div', 'panel');
    this.panel.setAttribute('role', options.inline ? 'region' : 'dialog');
    this.panel.setAttribute('aria-label', options.title ?? strings.title);
    const header = element('div', 'header');
    this.heading = element('h2');
    this.heading.textContent = options.title ?? strings.title;
    header.append(this.heading);
    if (!options.inline) {
      const close = button('×', () => this.close());
      close.setAttribute('aria-label', strings.close);
      header.append(close);
    }
    this.log = element('div', 'log');
    this.log.setAttribute('role', 'log');
    this.log.setAttribute('aria-live', 'polite');
    this.log.setAttribute('aria-label', strings.messages);

    const composer = element('form', 'composer');
    this.input = element('textarea');
    // Two rows, so that the placeholder's example question is read whole on a phone.
    this.input.rows = 2;
    this.input.placeholder = options.placeholder ?? strings.placeholder;
    this.input.setAttribute('aria-label', strings.input);
    this.input.maxLength = 2000;
    this.sendButton = element('button');
    this.sendButton.type = 'submit';
    this.sendButton.textContent = strings.send;
    composer.append(this.input, this.sendButton);
    composer.addEventListener('submit', (event) => {
      event.preventDefault();
      options.onSubmit();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        composer.requestSubmit();
      }
    });

    this.panel.append(header, this.log, composer);
    // When the log's box changes (a timeline unfolds under the page's chat, a phone rotates), a reader
    // who was at the newest answer stays there.
    let atEnd = true;
    this.log.addEventListener('scroll', () => (atEnd = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 24), { passive: true });
    new ResizeObserver(() => {
      if (atEnd) this.log.scrollTop = this.log.scrollHeight;
    }).observe(this.log);
    if (options.inline) {
      root.append(this.panel);
    } else {
      this.launcher = button('', () => (this.panel.hidden ? this.open() : this.close()));
      this.launcher.className = 'launcher';
      this.launcher.append(speechBubbleIcon());
      this.launcher.setAttribute('aria-label', strings.open);
      this.launcher.setAttribute('aria-expanded', 'false');
      this.panel.hidden = true;
      this.panel.addEventListener('keydown', (event) => this.trapFocus(event));
      root.append(this.launcher, this.panel);
    }
    shadow.append(style, root);
  }

  open(): void {
    this.panel.hidden = false;
    this.launcher?.setAttribute('aria-expanded', 'true');
    this.input.focus();
  }

  close(): void {
    if (this.options.inline) return;
    this.panel.hidden = true;
    this.launcher?.setAttribute('aria-expanded', 'false');
    this.launcher?.focus();
  }

  /** The panel's title, once the service has said it (the site's title, from its corpus profile). */
  setTitle(title: string): void {
    this.heading.textContent = title;
    this.panel.setAttribute('aria-label', title);
  }

  setPlaceholder(placeholder: string): void {
    this.input.placeholder = placeholder;
  }

  /** While an answer is written, the send button stops it. */
  setBusy(busy: boolean): void {
    const label = busy ? this.options.strings.stop : this.options.strings.send;
    this.sendButton.textContent = label;
    this.sendButton.classList.toggle('stop', busy);
    this.sendButton.setAttribute('aria-label', label);
  }

  append(bubble: HTMLElement): void {
    this.log.append(bubble);
    this.scrollToEnd();
  }

  scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }

  /** Scrolls the log just enough to show `child` (its top first, if it is taller than the view), leaving the page where it is. */
  reveal(child: HTMLElement): void {
    const view = this.log.getBoundingClientRect();
    const box = child.getBoundingClientRect();
    if (box.bottom > view.bottom) this.log.scrollTop += Math.min(box.bottom - view.bottom, box.top - view.top);
    else if (box.top < view.top) this.log.scrollTop -= view.top - box.top;
  }

  /** Tab and Shift+Tab stay inside the open panel; Esc closes it. */
  private trapFocus(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.close();
      return;
    }
    if (event.key !== 'Tab') return;
    const focusable = [...this.panel.querySelectorAll<HTMLElement>('button, textarea, a[href]')].filter((candidate) => !candidate.hasAttribute('disabled'));
    const first = focusable[0];
    const last = focusable.at(-1);
    const active = this.shadow.activeElement;
    if (event.shiftKey && active === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first?.focus();
    }
  }
}
