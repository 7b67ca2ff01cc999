-- llmlint for Neovim older than 0.11, with the nvim-lspconfig plugin: register llmlint as a
-- custom server, then set it up like any other.
local configs = require('lspconfig.configs')
local util = require('lspconfig.util')

if not configs.llmlint then
  configs.llmlint = {
    default_config = {
      cmd = { 'llmlint', 'server' },
      filetypes = { 'python', 'rust' },
      root_dir = util.root_pattern('llmlint.toml', '.llmlint.toml', 'pyproject.toml', 'Cargo.toml', '.git'),
      init_options = { debounceMs = 15 },
      single_file_support = true,
    },
  }
end

require('lspconfig').llmlint.setup({})
