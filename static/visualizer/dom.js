// Element builders. Text always goes in through textContent, so cluster data
// (pod names, kubectl output) can never be interpreted as markup.

const SVG_NS = "http://www.w3.org/2000/svg";

export function svgEl(tag, attrs = {}, parent = null) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (parent) parent.appendChild(node);
  return node;
}

export function svgText(parent, x, y, content, attrs = {}) {
  const node = svgEl("text", { x, y, ...attrs }, parent);
  node.textContent = content;
  return node;
}

export function htmlEl(tag, { className = "", text = null } = {}, parent = null) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== null) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

// SVG text does not wrap or clip, so long names are shortened to the space
// they have; the full text stays available in a tooltip.
export function fitText(textNode, maxWidth) {
  const full = textNode.textContent;
  if (textNode.getComputedTextLength() <= maxWidth) return;
  let keep = full.length;
  while (keep > 1) {
    keep -= 1;
    textNode.textContent = `${full.slice(0, keep)}…`;
    if (textNode.getComputedTextLength() <= maxWidth) break;
  }
  svgEl("title", {}, textNode).textContent = full;
}

// A component's name reads better whole and a little smaller than cut: it shrinks, down
// to `minSize` px, before fitText shortens what still does not fit.
export function shrinkText(textNode, maxWidth, minSize) {
  let size = parseFloat(getComputedStyle(textNode).fontSize);
  while (textNode.getComputedTextLength() > maxWidth && size > minSize) {
    size -= 0.5;
    textNode.style.fontSize = `${size}px`;
  }
  fitText(textNode, maxWidth);
}
