// Progressive enhancement for partials/embed-code.hbs: a button that copies the embed code.
// Without script (or without clipboard access) the code stays selectable in its box.
for (const box of document.querySelectorAll('.embed-code')) {
  const text = box.querySelector('.embed-code-text');
  const button = box.querySelector('.copy-embed');
  if (!text || !button || !navigator.clipboard) continue;
  button.hidden = false;
  const label = button.textContent;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text.value);
      button.textContent = button.dataset.copied;
    } catch {
      text.select();
    }
    setTimeout(() => (button.textContent = label), 2000);
  });
}
