"""The enterprise register: what the KBO/BCE open data says about Belgian enterprises in the regie's area
(existence, status, juridical form, establishments, names, activities), imported monthly by `import_kbo`."""
