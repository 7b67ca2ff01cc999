-- llmlint for Neovim 0.11+ in one file, for an init.lua that prefers not to add a file
-- under lsp/: the same settings as lsp/llmlint.lua, given to vim.lsp.config directly.
--
--   dofile('/path/to/editors/neovim/llmlint.lua')
vim.lsp.config('llmlint', {
  cmd = { 'llmlint', 'server' },
  filetypes = { 'python', 'rust' },
  root_markers = { 'llmlint.toml', '.llmlint.toml', 'pyproject.toml', 'Cargo.toml', '.git' },
  init_options = { debounceMs = 15 },
})
vim.lsp.enable('llmlint')

-- Optional: the quick fixes and "Suppress LLMxxx on this line" are code actions
-- (default mapping `gra` in 0.11); apply every safe fix on save with
--
--   vim.api.nvim_create_autocmd('BufWritePre', {
--     pattern = { '*.py', '*.rs' },
--     callback = function()
--       vim.lsp.buf.code_action({ context = { only = { 'source.fixAll.llmlint' } }, apply = true })
--     end,
--   })
