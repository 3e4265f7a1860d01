// The few Markdown forms docs/checks.md uses (paragraphs, fenced blocks, lists, tables,
// **bold**, `code`), turned into DOM nodes with textContent only: the documentation is shown
// as text, never parsed as HTML.
"use strict";

window.RinkoMarkdown = (() => {
  function inline(parent, text) {
    const pattern = /(\*\*[^*]+\*\*|`[^`]+`)/g;
    let at = 0;
    for (const match of text.matchAll(pattern)) {
      parent.append(text.slice(at, match.index));
      const token = match[0];
      const node = document.createElement(token.startsWith("**") ? "strong" : "code");
      node.textContent = token.startsWith("**") ? token.slice(2, -2) : token.slice(1, -1);
      parent.append(node);
      at = match.index + token.length;
    }
    parent.append(text.slice(at));
  }

  function render(markdown) {
    const root = document.createElement("div");
    const lines = markdown.split("\n");
    let i = 0;
    while (i < lines.length) {
      const line = lines[i];
      if (line.startsWith("```")) {
        const pre = document.createElement("pre");
        const body = [];
        i += 1;
        while (i < lines.length && !lines[i].startsWith("```")) body.push(lines[i++]);
        i += 1;
        pre.textContent = body.join("\n");
        root.append(pre);
      } else if (/^\s*[-*] /.test(line)) {
        const list = document.createElement("ul");
        while (i < lines.length && /^\s*[-*] /.test(lines[i])) {
          const item = document.createElement("li");
          inline(item, lines[i].replace(/^\s*[-*] /, ""));
          list.append(item);
          i += 1;
        }
        root.append(list);
      } else if (line.startsWith("|")) {
        const pre = document.createElement("pre");
        const body = [];
        while (i < lines.length && lines[i].startsWith("|")) body.push(lines[i++]);
        pre.textContent = body.join("\n");
        root.append(pre);
      } else if (line.trim() === "") {
        i += 1;
      } else {
        const p = document.createElement("p");
        const body = [];
        while (i < lines.length && lines[i].trim() !== "" && !lines[i].startsWith("```") &&
               !lines[i].startsWith("|") && !/^\s*[-*] /.test(lines[i])) {
          body.push(lines[i++]);
        }
        inline(p, body.join(" "));
        root.append(p);
      }
    }
    return root;
  }

  return { render };
})();
