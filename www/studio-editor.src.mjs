// The studio's code editor: CodeMirror 6 with the TOML mode, lint at the
// diagnostics' line and column, and completion of the rule language's names.
// Bundled by scripts/build-studio.mjs into studio-editor.js (studio only).

import { EditorState, Compartment } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from '@codemirror/view';
import { StreamLanguage, syntaxHighlighting, defaultHighlightStyle, bracketMatching } from '@codemirror/language';
import { toml } from '@codemirror/legacy-modes/mode/toml';
import { linter, lintGutter, forceLinting } from '@codemirror/lint';
import { autocompletion, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';

/**
 * An editor in `parent`. `lint(text)` returns diagnostics {line, column,
 * message, severity} (1-based); `names()` the names to complete as
 * [{label, type, detail}]; `onChange(text)` after every edit; `onQuote(text)`
 * when a quote string is clicked (Alt+Q at the cursor too). `label` names
 * the text area (`setLabel` changes it).
 */
export function createEditor({ parent, doc, label, lint, names, onChange, onQuote, lintDelay = 40 }) {
  const language = new Compartment();
  // the label follows the page's language (setLabel)
  const attributes = new Compartment();
  const contentAttributes = (text) => EditorView.contentAttributes.of({ 'aria-label': text, tabindex: '0' });
  const lintSource = (view) => {
    const text = view.state.doc.toString();
    return lint(text).map((d) => {
      const line = view.state.doc.line(Math.min(Math.max(d.line, 1), view.state.doc.lines));
      const from = Math.min(line.from + Math.max(d.column - 1, 0), line.to);
      const word = /^[A-Za-z0-9_]+/.exec(view.state.sliceDoc(from, line.to));
      return { from, to: word ? from + word[0].length : line.to, severity: d.severity || 'error', message: d.message, source: d.code };
    });
  };
  const complete = (context) => {
    const word = context.matchBefore(/[A-Za-z_][A-Za-z0-9_]*/);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    return { from: word.from, options: names(), validFor: /^[A-Za-z0-9_]*$/ };
  };
  const quoteAt = (state, pos) => {
    const line = state.doc.lineAt(pos);
    for (const m of line.text.matchAll(/quote\s*=\s*"((?:[^"\\]|\\.)*)"/g)) {
      const start = line.from + m.index + m[0].length - m[1].length - 1;
      if (pos >= start && pos <= start + m[1].length) return JSON.parse(`"${m[1]}"`);
    }
    return null;
  };
  // In a shadow root: there CodeMirror's styles are constructed stylesheets
  // (adoptedStyleSheets); on the document it would add <style> elements,
  // which the page's CSP (style-src 'self') refuses.
  const root = parent.shadowRoot ?? parent.attachShadow({ mode: 'open' });
  const view = new EditorView({
    parent: root,
    root,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        bracketMatching(),
        language.of(StreamLanguage.define(toml)),
        syntaxHighlighting(defaultHighlightStyle),
        EditorView.lineWrapping,
        EditorView.theme({
          '&': { height: '32rem', border: '1px solid #767676', fontSize: '0.9rem' },
          '.cm-scroller': { overflow: 'auto', fontFamily: 'ui-monospace, monospace' },
          '&.cm-focused': { outline: '3px solid #0b5cad' },
          // the lint theme's marks are data: SVG images, which the page's CSP (img-src 'self') refuses: plain CSS instead
          '.cm-lintRange-error': { backgroundImage: 'none', textDecoration: 'underline wavy #c00', textDecorationSkipInk: 'none' },
          '.cm-lintRange-warning': { backgroundImage: 'none', textDecoration: 'underline wavy #a60' },
          '.cm-lintRange-info, .cm-lintRange-hint': { backgroundImage: 'none', textDecoration: 'underline dotted #555' },
          '.cm-lint-marker': { width: '0.8em', height: '0.8em', content: 'none', borderRadius: '50%' },
          '.cm-lint-marker-error': { content: 'none', backgroundImage: 'none', backgroundColor: '#c00' },
          '.cm-lint-marker-warning': { content: 'none', backgroundImage: 'none', backgroundColor: '#a60' },
          '.cm-lint-marker-info': { content: 'none', backgroundImage: 'none', backgroundColor: '#555' },
        }),
        lintGutter(),
        linter(lintSource, { delay: lintDelay }),
        autocompletion({ override: [complete] }),
        keymap.of([
          { key: 'Alt-q', run: (v) => { const q = quoteAt(v.state, v.state.selection.main.head); if (q != null) onQuote(q); return q != null; } },
          ...completionKeymap, ...searchKeymap, ...historyKeymap, ...defaultKeymap,
          // Tab indents only after Escape was not pressed: Escape then Tab leaves the editor (WCAG 2.1.2)
          indentWithTab,
        ]),
        attributes.of(contentAttributes(label)),
        EditorView.updateListener.of((u) => { if (u.docChanged) onChange(u.state.doc.toString()); }),
        EditorView.domEventHandlers({
          click: (event, v) => {
            const pos = v.posAtCoords({ x: event.clientX, y: event.clientY });
            const q = pos == null ? null : quoteAt(v.state, pos);
            if (q != null) onQuote(q);
            return false;
          },
        }),
      ],
    }),
  });
  return {
    view,
    getText: () => view.state.doc.toString(),
    setText(text) { view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }); },
    insert(text) { view.dispatch(view.state.replaceSelection(text)); view.focus(); },
    relint() { forceLinting(view); },
    setLabel(text) { view.dispatch({ effects: attributes.reconfigure(contentAttributes(text)) }); },
    focus() { view.focus(); },
    /** Puts the cursor at the end of the first line containing `text` and scrolls to it; false when there is none. */
    cursorAfter(text) {
      const at = view.state.doc.toString().indexOf(text);
      if (at < 0) return false;
      const line = view.state.doc.lineAt(at);
      view.dispatch({ selection: { anchor: line.to }, scrollIntoView: true });
      view.focus();
      return true;
    },
  };
}
