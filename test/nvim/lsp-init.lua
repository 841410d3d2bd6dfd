-- Headless Neovim as a real language client of `speclint lsp` (test/nvim.test.ts):
--
--   SPECLINT_NODE=... SPECLINT_BIN=... OUT_DIR=... nvim --headless --clean -u lsp-init.lua spec.md
--
-- Attaches the server to the buffer, waits for its diagnostics and writes
-- them (as Neovim holds them: vim.diagnostic, 0-based lines, byte columns)
-- to OUT_DIR/diagnostics.json; asks for code actions at each diagnostic
-- until one offers a quickfix, applies its edit as Neovim applies a
-- workspace edit, and writes the buffer to OUT_DIR/fixed.md; then quits.
-- Any failure is written to OUT_DIR/error.txt and exits 1.
--
-- Written for Neovim 0.7 (Debian bookworm's): vim.lsp.start_client and
-- vim.lsp.buf_attach_client, which later versions still have.
local node = os.getenv('SPECLINT_NODE') or 'node'
local bin = assert(os.getenv('SPECLINT_BIN'), 'SPECLINT_BIN not set')
local out = assert(os.getenv('OUT_DIR'), 'OUT_DIR not set')

local function write(name, text)
  local f = assert(io.open(out .. '/' .. name, 'w'))
  f:write(text)
  f:close()
end

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  local published = false
  local client_id = vim.lsp.start_client({
    name = 'speclint',
    cmd = {node, bin, 'lsp', '--stdio'},
    root_dir = vim.fn.getcwd(),
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
        published = true
      end,
    },
  })
  assert(client_id, 'the server did not start')
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'cannot attach the server to the buffer')
  assert(vim.wait(20000, function() return published end, 50), 'no diagnostics within 20 s')

  local client = vim.lsp.get_client_by_id(client_id)
  local diagnostics = vim.diagnostic.get(bufnr, {namespace = vim.lsp.diagnostic.get_namespace(client_id)})
  table.sort(diagnostics, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  local rows = {}
  for _, d in ipairs(diagnostics) do
    table.insert(rows, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, message = d.message, source = d.source, code = d.code,
      href = d.user_data and d.user_data.lsp and d.user_data.lsp.codeDescription and d.user_data.lsp.codeDescription.href or vim.NIL,
    })
  end
  write('diagnostics.json', vim.json.encode(rows))

  -- The code actions at each diagnostic, as `:lua vim.lsp.buf.code_action()` with the cursor there asks for them.
  local quickfix
  for _, d in ipairs(diagnostics) do
    local position = vim.lsp.util.make_given_range_params({d.lnum + 1, d.col}, {d.lnum + 1, d.col}, bufnr, client.offset_encoding)
    position.context = {diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, d.lnum, nil, client_id)}
    local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', position, 10000) or {}
    for _, response in pairs(responses) do
      for _, action in ipairs(response.result or {}) do
        if action.kind == 'quickfix' and not quickfix then quickfix = action end
      end
    end
    if quickfix then break end
  end
  assert(quickfix, 'no quickfix offered at any diagnostic')
  assert(quickfix.edit, 'the quickfix carries no edit')
  vim.lsp.util.apply_workspace_edit(quickfix.edit, client.offset_encoding)
  write('action.json', vim.json.encode({title = quickfix.title}))
  vim.cmd('silent write! ' .. vim.fn.fnameescape(out .. '/fixed.md'))

  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return vim.lsp.client_is_stopped(client_id) end, 50)
end

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local ok, err = pcall(run)
    if not ok then
      write('error.txt', tostring(err))
      vim.cmd('cquit 1')
    end
    vim.cmd('qall!')
  end,
})
