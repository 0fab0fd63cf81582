// The figures page's filter, live: without script the form filters on the server (GET ?q=);
// with it, rows hide as the reader types, and topics left empty hide with them.
const input = document.getElementById('figures-q');
const noMatch = document.getElementById('figures-no-match');
if (input) {
  const rows = [...document.querySelectorAll('tr[data-search]')];
  const sections = [...document.querySelectorAll('section.figures-topic')];
  const lang = document.documentElement.lang;
  const apply = () => {
    const words = input.value.toLocaleLowerCase(lang).split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const row of rows) {
      const text = row.dataset.search.toLocaleLowerCase(lang);
      row.hidden = !words.every((w) => text.includes(w));
      if (!row.hidden) shown += 1;
    }
    for (const section of sections) section.hidden = !section.querySelector('tr[data-search]:not([hidden])');
    if (noMatch) noMatch.hidden = shown > 0 || rows.length === 0;
  };
  input.addEventListener('input', apply);
}
