import { Anchor, DEFAULT_THEME, Notification, createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

/**
 * WCAG 2.2 AA contrast (issue 19). Mantine's palettes put white text on shade 8 of each colour
 * (the `filled` shade here) and shade 9 on shade 1 (the `light` variant); for teal, green, lime,
 * yellow, orange, cyan and red those pairs reach only 2.5–4.4:1. Shades 8 and 9 of those colours
 * are darkened just enough for 4.5:1 (computed once with the WCAG formula; the other shades are
 * Mantine's own). Dimmed and placeholder text (gray 6, 3.3:1) are darker in light mode and
 * lighter in dark mode. Links are underlined, so colour is never their only sign.
 */
const DARKER: Record<string, [string, string]> = {
  red: ['#dc3030', '#c12828'],
  cyan: ['#0c8093', '#0b7285'],
  teal: ['#087f5b', '#066a4c'],
  green: ['#278539', '#267b37'],
  lime: ['#4f810c', '#4b790b'],
  yellow: ['#aa6300', '#a85700'],
  orange: ['#c84d0a', '#bb3e0d'],
};

const colors = Object.fromEntries(
  Object.entries(DARKER).map(([name, [eight, nine]]) => {
    const base = DEFAULT_THEME.colors[name] ?? DEFAULT_THEME.colors.gray;
    return [name, [...base.slice(0, 8), eight, nine] as unknown as MantineColorsTuple];
  }),
);

export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  colors,
  components: {
    Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
    // Mantine's notification close button has no name of its own (axe: button-name).
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } } }),
  },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#5c636a', '--mantine-color-placeholder': '#5c636a' },
  dark: { '--mantine-color-dimmed': '#a6a6a6', '--mantine-color-placeholder': '#a6a6a6' },
});
