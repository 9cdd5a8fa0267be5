/**
 * The embeddable customer widget (spec §6.1, README "Customers"), built into one self-contained
 * script, dist/web/widget.js. One tag embeds it on any site; it renders inside an open Shadow DOM
 * on its own host element, so the page's CSS cannot reach it and its CSS cannot reach the page.
 */
import { render } from 'preact';
import { readConfig } from './config.js';
import { CustomerChat } from './customer-chat.js';
import { Widget } from './widget.js';
import css from './widget.css?inline';

const HOST = 'parley-chat-widget';
// Only while this script first runs does the page say which tag it is (its data-* attributes).
const script =
  document.currentScript instanceof HTMLScriptElement
    ? document.currentScript
    : document.querySelector<HTMLScriptElement>('script[src*="widget.js"]');

function mount(): void {
  if (document.querySelector(HOST)) return; // embedded twice: one widget
  const config = readConfig(script);
  const host = document.createElement(HOST);
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = css;
  const container = document.createElement('div');
  shadow.append(style, container);
  document.body.append(host);
  render(<Widget config={config} chat={new CustomerChat(config)} />, container);
}

if (document.body) mount();
else document.addEventListener('DOMContentLoaded', mount, { once: true });
