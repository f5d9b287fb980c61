// The reactor is a repository of its own, as on a developer's clone: report paths are relative to this root.
new File(basedir, '.git').mkdirs()
return true
