// The behaviour behind GlossaryPopover.astro: a click on a glossary link shows that term's definition (taken
// from the page's inert glossary template) in a small dialog next to the link. Escape, the close button or a
// click elsewhere closes it and gives focus back to the link; modified clicks still open the glossary page.

const POPOVER_ID = 'glossary-popover';

/** The open popover and the link that opened it; one at a time. */
let current: { popover: HTMLElement; link: HTMLAnchorElement } | undefined;

/** The <dt id> of the term a link points to, when the link goes to the glossary page. */
export function glossaryTarget(href: string, base: string): { page: URL; id: string } | undefined {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return undefined;
  }
  if (!/\/glossary\/?$/.test(url.pathname) || url.hash.length < 2) return undefined;
  const page = new URL(url.href);
  page.hash = '';
  return { page, id: decodeURIComponent(url.hash.slice(1)) };
}

/** A copy of the term's definition; its links were written for this page at build time (RelinkedGlossary.astro). */
function definitionFor(template: HTMLTemplateElement, id: string): { term: string; body: DocumentFragment } | undefined {
  const dt = template.content.querySelector<HTMLElement>(`dt[id="${CSS.escape(id)}"]`);
  const dd = dt?.nextElementSibling;
  if (!dt || !dd || dd.tagName !== 'DD') return undefined;
  const body = document.createDocumentFragment();
  for (const child of Array.from(dd.childNodes)) body.append(child.cloneNode(true));
  return { term: dt.textContent?.trim() ?? id, body };
}

function close(returnFocus: boolean): void {
  if (!current) return;
  const { popover, link } = current;
  current = undefined;
  popover.remove();
  link.setAttribute('aria-expanded', 'false');
  if (returnFocus) link.focus();
}

function place(popover: HTMLElement, link: HTMLAnchorElement): void {
  const rect = link.getBoundingClientRect();
  const width = popover.offsetWidth;
  const left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - width - 8));
  popover.style.left = `${left + window.scrollX}px`;
  popover.style.top = `${rect.bottom + window.scrollY + 6}px`;
}

function open(link: HTMLAnchorElement, term: string, body: DocumentFragment, page: URL, id: string): void {
  close(false);
  const popover = document.createElement('div');
  popover.id = POPOVER_ID;
  popover.className = 'glossary-popover';
  popover.setAttribute('role', 'dialog');
  popover.setAttribute('aria-labelledby', `${POPOVER_ID}-title`);
  popover.tabIndex = -1;
  const title = document.createElement('p');
  title.id = `${POPOVER_ID}-title`;
  title.className = 'glossary-popover-title';
  title.textContent = term;
  const closeButton = document.createElement('button');
  closeButton.type = 'button';
  closeButton.className = 'glossary-popover-close';
  closeButton.setAttribute('aria-label', 'Close definition');
  closeButton.textContent = '×';
  const more = document.createElement('p');
  const moreLink = document.createElement('a');
  moreLink.href = new URL(`#${id}`, page).href;
  moreLink.textContent = 'Open in the glossary';
  more.append(moreLink);
  popover.append(title, closeButton, body, more);
  document.body.append(popover);
  place(popover, link);
  link.setAttribute('aria-expanded', 'true');
  current = { popover, link };
  closeButton.addEventListener('click', () => close(true));
  popover.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close(true);
    }
  });
  // Tabbing out of the popover closes it, so it never lingers away from the focus.
  popover.addEventListener('focusout', (event) => {
    const next = event.relatedTarget as Node | null;
    if (next && !popover.contains(next)) close(false);
  });
  popover.focus();
}

export function initGlossaryPopovers(): void {
  const template = document.getElementById('glossary-definitions');
  if (!(template instanceof HTMLTemplateElement)) return;
  const links = Array.from(document.querySelectorAll<HTMLAnchorElement>('.sl-markdown-content a[href*="glossary/#"]'));
  for (const link of links) {
    const target = glossaryTarget(link.href, document.baseURI);
    if (!target || !definitionFor(template, target.id)) continue;
    link.setAttribute('aria-haspopup', 'dialog');
    link.setAttribute('aria-expanded', 'false');
    link.addEventListener('click', (event) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const definition = definitionFor(template, target.id);
      if (!definition) return;
      event.preventDefault();
      open(link, definition.term, definition.body, target.page, target.id);
    });
  }
  document.addEventListener('click', (event) => {
    const target = event.target as Node;
    if (!current || current.popover.contains(target) || current.link.contains(target)) return;
    close(false);
  });
  document.addEventListener('keydown', (event) => {
    if (current && event.key === 'Escape') close(true);
  });
  window.addEventListener('resize', () => close(false));
}
