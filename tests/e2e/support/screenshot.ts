import type { Page } from "@playwright/test";

/**
 * Makes the viewport as tall as the page's content at the given width, ready for a screenshot.
 *
 * A capture taller than the viewport would resize it by itself, and that resize moves centred
 * content and clears the charts, which redraw only on a later frame.
 */
export async function fitToContent(page: Page, width: number): Promise<void> {
  await page.setViewportSize({ width, height: 600 });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width, height });
  // Charts redraw on the frame after a resize; wait for two.
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(null)))),
  );
}
