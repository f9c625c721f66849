// Drives the Waypoint chat widget in Debian's Chromium (playwright-core, headless) and prints what
// it saw as one JSON object on stdout. tests/browser/test_widget_browser.py starts the servers,
// runs this script and asserts on that JSON; a wait that runs out exits with status 1 and says which.
//
// Environment: WIDGET_URL (the /chat page), SCREENSHOT (PNG path), WAYPOINT_CHROMIUM (default /usr/bin/chromium),
// MAX_TURNS (how many turns to reach an area, default 12).
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(resolve(here, "../../widget/package.json"));
const { chromium } = require("playwright-core");

const WIDGET_URL = process.env.WIDGET_URL;
const SCREENSHOT = process.env.SCREENSHOT || resolve(here, "../../artifacts/browser/widget.png");
const MAX_TURNS = Number(process.env.MAX_TURNS || 12);
const REPLY_TIMEOUT_MS = 30_000;
const SETTLE_MS = 1_200;
// Buttons that move an interview forward, preferred over the first button shown.
const FORWARD_BUTTON = /\b(yes|start|full|agree|ok|continue|let'?s go|sure)\b/i;
// Typed answers for the questions a conversation asks before it reaches an area.
const TYPED_ANSWERS = [
  [/\bname\b.*\bventure\b|\bventure\b.*\bcalled\b|venture'?s name|name of (your|the) (venture|organi[sz]ation)/i, "Green Bikes"],
  [/\byour name\b|call you|who am i talking/i, "Sam"],
  [/\brole\b/i, "I'm the founder"],
];
const DEFAULT_ANSWER = "We have a working prototype and ten people have tried it.";

class StepFailed extends Error {}

async function step(name, action) {
  try {
    return await action();
  } catch (error) {
    throw new StepFailed(`${name}: ${error.message.split("\n")[0]}`);
  }
}

function typedAnswerFor(botText) {
  const match = TYPED_ANSWERS.find(([question]) => question.test(botText));
  return match ? match[1] : DEFAULT_ANSWER;
}

async function botMessages(page) {
  return page.$$eval(".rw-from-response .rw-message-text", (nodes) => nodes.map((node) => node.innerText.trim()));
}

async function conversation(page) {
  return page.$$eval(".rw-group-message .rw-message-text", (nodes) =>
    nodes.map((node) => ({
      from: node.closest(".rw-group-message").classList.contains("rw-from-client") ? "founder" : "bot",
      text: node.innerText.trim(),
    })),
  );
}

async function waitForBotMessageCount(page, count) {
  await page.waitForFunction(
    (expected) => document.querySelectorAll(".rw-from-response .rw-message-text").length >= expected,
    count,
    { timeout: REPLY_TIMEOUT_MS },
  );
}

// Waits until the bot has finished its turn: no typing indicator and no new message for SETTLE_MS
// (a turn can hold several messages, and the widget shows each after a short typing pause).
async function waitForQuiet(page) {
  let seen = -1;
  for (let round = 0; round < 25; round++) {
    const now = (await botMessages(page)).length;
    const typing = await page.$(".rw-typing-indication");
    if (now === seen && !typing) return;
    seen = now;
    await page.waitForTimeout(SETTLE_MS);
  }
  throw new Error("the bot kept typing");
}

async function progressLabel(page) {
  return page.$eval(".wp-progress", (node) => (node.hidden ? null : node.textContent.trim())).catch(() => null);
}

// Only the newest message's buttons can be answered.
async function visibleQuickReplies(page) {
  return page.$$eval(".rw-replies", (groups) =>
    groups.length ? [...groups.at(-1).querySelectorAll(".rw-reply")].map((node) => node.innerText.trim()) : [],
  );
}

async function sendTyped(page, text) {
  const before = (await botMessages(page)).length;
  await page.fill(".rw-new-message", text);
  await page.press(".rw-new-message", "Enter");
  await waitForBotMessageCount(page, before + 1);
  await waitForQuiet(page);
}

async function clickQuickReply(page, titles) {
  const chosen = titles.find((title) => FORWARD_BUTTON.test(title)) || titles[0];
  const before = (await botMessages(page)).length;
  await page.locator(".rw-replies").last().locator(".rw-reply", { hasText: chosen }).first().click();
  await waitForBotMessageCount(page, before + 1);
  await waitForQuiet(page);
  return { title: chosen, replies: (await botMessages(page)).slice(before) };
}

async function openChat(page) {
  const open = await page.$(".rw-conversation-container");
  if (!open) await page.click(".rw-launcher");
  await page.waitForSelector(".rw-conversation-container", { timeout: 15_000 });
}

async function sessionId(page) {
  return page.evaluate(() => {
    const stored = window.localStorage.getItem("chat_session");
    return stored ? JSON.parse(stored).session_id : null;
  });
}

// Records whether the typing indicator ever showed, since it is on screen only briefly.
function watchTypingIndicator() {
  window.__waypointSawTyping = false;
  new MutationObserver(() => {
    if (document.querySelector(".rw-typing-indication")) window.__waypointSawTyping = true;
  }).observe(document, { childList: true, subtree: true });
}

async function holdConversation(page, observed) {
  await step("open the launcher", () => openChat(page));
  await step("greeting gets a reply", () => sendTyped(page, "Hi there"));
  observed.first_reply = (await botMessages(page))[0];
  for (let turn = 0; turn < MAX_TURNS && !observed.progress_label; turn++) {
    const titles = await visibleQuickReplies(page);
    if (titles.length) {
      const clicked = await step(`click a quick reply (${titles.join(" | ")})`, () => clickQuickReply(page, titles));
      observed.clicked_buttons.push(clicked);
    } else {
      const lastBotText = (await botMessages(page)).at(-1) || "";
      await step(`answer "${lastBotText.slice(0, 60)}"`, () => sendTyped(page, typedAnswerFor(lastBotText)));
    }
    await page.waitForTimeout(1_800); // the indicator looks at the tracker shortly after the bot speaks
    observed.progress_label = await progressLabel(page);
  }
}

async function reloadAndContinue(page, observed) {
  observed.session_before_reload = await sessionId(page);
  observed.messages_before_reload = await conversation(page);
  await step("reload the page", () => page.reload({ waitUntil: "load" }));
  await step("reopen the chat", () => openChat(page));
  await step("earlier messages shown again", () =>
    page.waitForFunction(
      (count) => document.querySelectorAll(".rw-group-message .rw-message-text").length >= count,
      observed.messages_before_reload.length,
      { timeout: 15_000 },
    ),
  );
  observed.messages_after_reload = await conversation(page);
  observed.session_after_reload = await sessionId(page);
  await page.waitForTimeout(2_000); // the indicator reads the tracker once the session is confirmed
  observed.progress_after_reload = await progressLabel(page);
  const lastBotText = (await botMessages(page)).at(-1) || "";
  await step("the bot still answers after the reload", () => sendTyped(page, typedAnswerFor(lastBotText)));
  observed.reply_after_reload = (await botMessages(page)).at(-1);
  observed.bot_messages_after_reply = (await botMessages(page)).length;
}

// What the page looked like when a step failed, beside the normal screenshot.
async function saveFailureScreenshot(browser) {
  const page = browser.contexts().flatMap((context) => context.pages())[0];
  if (!page) return;
  const path = SCREENSHOT.replace(/\.png$/, "-failure.png");
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path }).catch(() => {});
  process.stderr.write(`screenshot of the failure: ${path}\n`);
}

async function main() {
  if (!WIDGET_URL) throw new StepFailed("WIDGET_URL is not set");
  const observed = { clicked_buttons: [], progress_label: null, console_errors: [], third_party_requests: [] };
  const browser = await chromium.launch({
    executablePath: process.env.WAYPOINT_CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    page.on("pageerror", (error) => observed.console_errors.push(String(error)));
    page.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy/i.test(message.text())) {
        observed.console_errors.push(message.text());
      }
    });
    page.on("request", (request) => {
      const host = new URL(request.url()).hostname;
      if (!["127.0.0.1", "localhost"].includes(host) && !request.url().startsWith("data:")) {
        observed.third_party_requests.push(request.url());
      }
    });
    await page.addInitScript(watchTypingIndicator);
    await step("load the chat page", () => page.goto(WIDGET_URL, { waitUntil: "load", timeout: 20_000 }));
    await holdConversation(page, observed);
    observed.saw_typing_indicator = await page.evaluate(() => window.__waypointSawTyping);
    await reloadAndContinue(page, observed);
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    observed.screenshot = SCREENSHOT;
  } catch (error) {
    await saveFailureScreenshot(browser);
    throw error;
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(observed) + "\n");
}

main().catch((error) => {
  process.stderr.write(`widget browser test failed: ${error instanceof StepFailed ? error.message : error.stack}\n`);
  process.exit(1);
});
