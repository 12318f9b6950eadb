/** Documents in: the upload control, and the dialog that asks for the admin token when a write needs it. */
import { ApiError, TOKEN_SHAPE, enc, post, type TokenPrompt, type WriteResponse } from './api.ts';
import { h } from './dom.ts';
import { t } from './i18n.ts';

/** A modal asking for a token, masked as a password; resolves to null on cancel. */
export function tokenDialog(): TokenPrompt {
  return (kind, wrong) =>
    new Promise((resolve) => {
      const question = kind === 'admin' ? t('token.ask') : t('token.ask.read');
      // the token's shape is checked here: a character the header cannot carry would fail every request after
      const input = h('input', {
        type: 'password',
        autocomplete: 'off',
        required: true,
        pattern: TOKEN_SHAPE.source.slice(1, -1),
        title: t('token.shape'),
        'data-testid': 'token-input',
        'aria-label': question,
      });
      const dialog = h(
        'dialog',
        { class: 'token', 'data-testid': 'token-dialog' },
        h(
          'form',
          { method: 'dialog' },
          h('p', {}, wrong ? t('token.wrong') : question),
          input,
          h('menu', {}, h('button', { value: 'cancel', formnovalidate: true }, t('cancel')), h('button', { value: 'ok', 'data-testid': 'token-ok' }, 'OK')),
        ),
      );
      dialog.addEventListener('close', () => {
        dialog.remove();
        resolve(dialog.returnValue === 'ok' && TOKEN_SHAPE.test(input.value) ? input.value : null);
      });
      document.body.append(dialog);
      dialog.showModal();
    });
}

/** A button that picks documents and imports them one after another; `done` hears what happened. */
export function uploadButton(done: (message: string, changed: boolean) => void): HTMLElement {
  const input = h('input', { type: 'file', multiple: true, hidden: true, 'data-testid': 'upload-input' });
  input.addEventListener('change', () => {
    const files = [...(input.files ?? [])];
    input.value = '';
    void (async () => {
      const lines: string[] = [];
      let changed = false;
      for (const file of files) {
        try {
          const r = await post<WriteResponse>(`/api/documents?name=${enc(file.name)}`, file);
          for (const x of r.results) lines.push(`${x.file}: ${t(`outcome.${x.outcome}`)} (${x.posts} ${t('type.Post')}, ${x.people} ${t('type.Person')})`);
          changed ||= r.results.some((x) => x.outcome !== 'unchanged');
        } catch (e) {
          lines.push(`${file.name}: ${e instanceof ApiError ? e.message : String(e)}`);
        }
      }
      done(lines.join('\n'), changed);
    })();
  });
  return h('label', { class: 'upload button', 'data-testid': 'upload', title: t('upload.title') }, t('upload'), input);
}
