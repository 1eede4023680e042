/**
 * Runs in the page (a string, like the other page checks): every table cell a person can see
 * must be whole on the screen — not past the window's edge, not cut off or scrolled away by a
 * box with its own scrolling (a .table-wrap), not squeezed to a couple of characters a line.
 * Visually hidden cells (a card table's heading row on a phone) are not meant to be seen.
 */
export const tableCellsScript = `(() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  const describe = (cell) => {
    const table = cell.closest('table');
    const where = table ? 'table' + (table.className ? '.' + table.className.trim().split(/\\s+/).join('.') : '') : '';
    const heading = (cell.dataset.label || cell.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 24);
    return where + ' ' + cell.tagName.toLowerCase() + ' “' + heading + '”';
  };
  const hidden = (el) => {
    for (let p = el; p && p !== document.documentElement; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (style.display === 'none' || style.visibility === 'hidden') return true;
      if (style.clip !== 'auto' && style.clip !== '' && (style.position === 'absolute' || style.position === 'fixed')) return true;
      if (style.clipPath !== 'none') return true;
    }
    return false;
  };
  for (const cell of document.querySelectorAll('td, th')) {
    const box = cell.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (hidden(cell)) continue;
    if (box.left < -0.5 || box.right > width + 0.5) {
      problems.push('cell off the screen (' + Math.round(box.left) + '–' + Math.round(box.right) + ' px of ' + width + '): ' + describe(cell));
      continue;
    }
    for (let p = cell.parentElement; p && p !== document.body; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const outer = p.getBoundingClientRect();
      const left = outer.left + p.clientLeft;
      const right = left + p.clientWidth;
      if (box.left < left - 0.5 || box.right > right + 0.5) {
        problems.push('cell hidden in a scrolling box (' + (p.className ? '.' + p.className.trim().split(/\\s+/).join('.') : p.tagName.toLowerCase()) + '): ' + describe(cell));
        break;
      }
    }
    // Squeezed: a column a few characters wide breaks a message into a tall ribbon.
    const text = (cell.textContent || '').replace(/\\s+/g, '');
    const em = parseFloat(getComputedStyle(cell).fontSize) || 16;
    if (text.length > 6 && cell.clientWidth < 4 * em && box.height > 5 * em) {
      problems.push('cell squeezed to ' + Math.round(cell.clientWidth) + ' px: ' + describe(cell));
    }
  }
  return [...new Set(problems)].slice(0, 12);
})()`;
