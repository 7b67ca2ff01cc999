-- llmlint for Neovim 0.11+ (the built-in client: vim.lsp.config / vim.lsp.enable).
--
-- Put this file on your runtimepath as lsp/llmlint.lua (for example
-- ~/.config/nvim/lsp/llmlint.lua), then enable it from init.lua:
--
--   vim.lsp.enable('llmlint')
--
-- Neovim merges it with anything you pass to vim.lsp.config('llmlint', {...}).
return {
  -- The binary on PATH; use an absolute path if it lives elsewhere. Extra arguments go
  -- after 'server', e.g. { 'llmlint', 'server', '--log-level', 'debug' }.
  cmd = { 'llmlint', 'server' },
  filetypes = { 'python', 'rust' },
  -- The workspace is the closest folder with one of these; llmlint indexes it once at start
  -- so that wrappers and prompts defined in other files resolve.
  root_markers = { 'llmlint.toml', '.llmlint.toml', 'pyproject.toml', 'Cargo.toml', '.git' },
  init_options = {
    -- Milliseconds to wait after an edit before analysing again.
    debounceMs = 15,
  },
}
