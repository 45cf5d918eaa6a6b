// The widget's styles, scoped to its shadow root; :host resets everything the page could pass down.

export const WIDGET_CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
.root { --sc-accent: #b4232a; font: 15px/1.6 system-ui, -apple-system, "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif; color: #1d1d1f; }
.launcher { position: fixed; bottom: 20px; right: 20px; width: 56px; height: 56px; border-radius: 50%; border: none; background: var(--sc-accent); color: #fff; cursor: pointer; box-shadow: 0 4px 16px rgba(0,0,0,.25); display: flex; align-items: center; justify-content: center; }
.root.left .launcher { right: auto; left: 20px; }
.launcher:focus-visible, button:focus-visible, textarea:focus-visible, a:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
.panel { position: fixed; bottom: 88px; right: 20px; width: min(420px, calc(100vw - 16px)); height: min(640px, calc(100vh - 110px)); display: flex; flex-direction: column; background: #fff; border-radius: 14px; box-shadow: 0 8px 32px rgba(0,0,0,.28); overflow: hidden; }
.root.left .panel { right: auto; left: 20px; }
.root.inline { height: 100%; }
.root.inline .panel { position: static; width: 100%; height: 100%; box-shadow: none; border: 1px solid #ddd; }
.panel[hidden] { display: none; }
.header { display: flex; align-items: center; gap: 8px; padding: 10px 14px; background: var(--sc-accent); color: #fff; }
.header h2 { flex: 1; margin: 0; font-size: 16px; font-weight: 600; }
.header button { background: transparent; border: none; color: #fff; font-size: 20px; cursor: pointer; min-width: 32px; min-height: 32px; }
.log { flex: 1; min-height: 0; overflow-y: auto; overscroll-behavior: contain; padding: 12px 14px; display: flex; flex-direction: column; gap: 10px; }
.message { max-width: 100%; padding: 8px 12px; border-radius: 10px; white-space: pre-wrap; overflow-wrap: anywhere; }
.message.user { align-self: flex-end; background: #f1f1f4; }
.message.assistant { align-self: stretch; background: #fff7f2; border: 1px solid #f2dccf; }
.message.error { background: #fdecec; border: 1px solid #f5b5b5; color: #8a1c1c; }
.message .tools { display: flex; gap: 6px; margin-top: 6px; white-space: normal; }
.message .tools button, .starters button { font: inherit; font-size: 13px; padding: 3px 8px; border-radius: 6px; border: 1px solid #ccc; background: #fff; color: #333; cursor: pointer; }
.chip { font: inherit; font-size: 12px; line-height: 1; min-width: 22px; padding: 3px 5px; margin: 0 2px; border-radius: 10px; border: 1px solid var(--sc-accent); background: #fff; color: var(--sc-accent); cursor: pointer; vertical-align: 1px; }
.chip[aria-expanded="true"] { background: var(--sc-accent); color: #fff; }
.card { margin-top: 8px; padding: 10px 12px; border-left: 4px solid var(--sc-accent); background: #fafafa; white-space: normal; }
.card .meta { font-size: 13px; color: #555; margin-bottom: 4px; }
.card .meta strong { color: #1d1d1f; }
.card .meta .byline { color: #1d1d1f; font-weight: 600; }
.card .text { white-space: pre-wrap; font-size: 14px; }
.card mark { background: #ffe08a; color: inherit; }
.card a { color: #1a55b8; font-size: 13px; }
.starters { display: flex; flex-direction: column; align-items: flex-start; gap: 6px; color: #555; font-size: 13px; }
.composer { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #eee; }
.composer textarea { flex: 1; resize: none; font: inherit; line-height: 1.4; padding: 6px 8px; border: 1px solid #ccc; border-radius: 8px; min-height: 56px; max-height: 120px; }
.composer textarea::placeholder { color: #777; }
.composer button { font: inherit; padding: 0 14px; border: none; border-radius: 8px; background: var(--sc-accent); color: #fff; cursor: pointer; }
.composer button.stop { background: #555; }
.status { font-size: 13px; color: #666; }
.message .tools { flex-wrap: wrap; align-items: center; }
.feedback { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; }
.feedback .rating { display: flex; gap: 6px; }
.message .tools .rate[aria-pressed="true"] { background: var(--sc-accent); border-color: var(--sc-accent); color: #fff; }
.feedback .comment { display: flex; gap: 6px; flex: 1 1 100%; }
.feedback .comment[hidden] { display: none; }
.feedback .comment input { flex: 1; min-width: 0; font: inherit; font-size: 13px; padding: 3px 8px; border: 1px solid #ccc; border-radius: 6px; }
.feedback-status { font-size: 12px; color: #555; }
.feedback input:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 480px) {
  .panel { right: 8px; left: 8px; bottom: 80px; width: auto; height: calc(100vh - 96px); }
  .launcher { right: 12px; bottom: 12px; }
}
`;
