"""The source side: `source/site.toml` as a validated value, the articles with their front
matter, their segments (the one cut of an article that extract and publish share), inline
markup and images, and import of saved web pages. Takes files; gives values."""
