const path = require('node:path');
const fs = require('node:fs');
const simulate = require('miniprogram-simulate');

const componentDir = path.resolve(__dirname, '../../miniprogram/src/components/native/wish-status-badge');

// The labels the app shows everywhere else, read from the TypeScript source (no build step here).
function sharedStatusLabels() {
  const source = fs.readFileSync(path.resolve(__dirname, '../../shared/domain/wish-state.ts'), 'utf8');
  const block = source.match(/WISH_STATUS_LABELS[^=]*=\s*\{([^}]*)\}/);
  if (!block) throw new Error('WISH_STATUS_LABELS not found in shared/domain/wish-state.ts');
  const labels = {};
  for (const [, key, label] of block[1].matchAll(/(\w+):\s*'([^']*)'/g)) labels[key] = label;
  return labels;
}

function mount(props) {
  // simulate.load requires index.js; a cached module would not call Component() again.
  jest.resetModules();
  const id = simulate.load(path.join(componentDir, 'index'));
  const comp = simulate.render(id, props);
  comp.attach(document.createElement('parent-wrapper'));
  return comp;
}

function badge(comp) {
  return comp.querySelector('.badge');
}

describe('wish-status-badge (native)', () => {
  const labels = sharedStatusLabels();

  it('uses exactly the labels of WISH_STATUS_LABELS in shared/domain/wish-state.ts', () => {
    // Requiring the file outside the simulator: keep its Component() registration from running.
    const simulated = global.Component;
    global.Component = () => undefined;
    const native = require(path.join(componentDir, 'index.js'));
    global.Component = simulated;
    expect(native.WISH_STATUS_LABELS).toEqual(labels);
    expect(Object.keys(labels)).toHaveLength(8);
  });

  it.each(Object.entries(labels))('renders %s as 「%s」 with its colour class', (status, label) => {
    const comp = mount({ status });
    const el = badge(comp);
    expect(el).toBeTruthy();
    expect(el.dom.textContent).toBe(label);
    expect(el.dom.className).toContain(`badge--${status}`);
    comp.detach();
  });

  it('follows the status when the property changes', () => {
    const comp = mount({ status: 'open' });
    expect(badge(comp).dom.textContent).toBe(labels.open);

    comp.setData({ status: 'claimed' });
    expect(badge(comp).dom.textContent).toBe(labels.claimed);
    expect(badge(comp).dom.className).toContain('badge--claimed');
    expect(badge(comp).dom.className).not.toContain('badge--open');
    comp.detach();
  });

  it('renders nothing for a status it does not know', () => {
    const comp = mount({ status: 'teleported' });
    expect(badge(comp)).toBeFalsy();
    comp.detach();
  });
});
