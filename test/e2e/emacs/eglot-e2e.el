;;; eglot-e2e.el --- headless eglot check against selinux-ls  -*- lexical-binding: t -*-
;; Run: SELINUX_LS_SERVER=dist/server.js SELINUX_LS_FILE=webapp.te emacs -Q --batch -l eglot-e2e.el
;; -Q skips Debian's site-start, so add the elpa packages to load-path by hand.
(dolist (d (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (add-to-list 'load-path d))
(require 'eglot)
(define-derived-mode selinux-te-mode prog-mode "SELinux-TE")
(add-to-list 'auto-mode-alist '("\\.te\\'" . selinux-te-mode))
(add-to-list 'eglot-server-programs
             `(selinux-te-mode . ("node" ,(getenv "SELINUX_LS_SERVER") "--stdio")))
;; eglot needs a project; use the file's directory.
(add-hook 'project-find-functions (lambda (dir) (cons 'transient (file-name-directory (expand-file-name dir)))) 100)
(setq eglot-sync-connect 10 eglot-autoshutdown t)
(let ((file (getenv "SELINUX_LS_FILE")))
  (find-file file)
  ;; eglot-ensure waits for a command loop, which batch mode does not run.
  (apply #'eglot (eglot--guess-contact))
  (let ((tries 0))
    (while (and (not (eglot-current-server)) (< tries 100))
      (accept-process-output nil 0.1) (setq tries (1+ tries))))
  (unless (eglot-current-server) (message "FAIL: no server") (kill-emacs 1))
  (let* ((server (eglot-current-server))
         (end-pos (save-excursion (goto-char (point-max)) (eglot--pos-to-lsp-position (point))))
         (compl (jsonrpc-request server :textDocument/completion
                                 `(:textDocument (:uri ,(eglot--path-to-uri file)) :position ,end-pos)))
         (items (append (if (vectorp compl) compl (plist-get compl :items)) nil))
         (labels (mapcar (lambda (it) (plist-get it :label)) items))
         (hover-pos (save-excursion (goto-char (point-min)) (search-forward "policy_module") (backward-char 3)
                                    (eglot--pos-to-lsp-position (point))))
         (hover (jsonrpc-request server :textDocument/hover
                                 `(:textDocument (:uri ,(eglot--path-to-uri file)) :position ,hover-pos)))
         (hover-text (plist-get (plist-get hover :contents) :value)))
    (message "COMPLETION %d items" (length items))
    (message "HOVER %s" (and hover-text (substring hover-text 0 (min 60 (length hover-text)))))
    (if (and (member "optional_policy" labels) hover-text (string-match-p "policy_module" hover-text))
        (progn (message "RESULT: PASS") (eglot-shutdown server) (kill-emacs 0))
      (message "RESULT: FAIL") (kill-emacs 1))))
