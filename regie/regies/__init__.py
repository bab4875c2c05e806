"""Creating and changing a regie (services), and the demo regie of seed_demo (demo). The row and its checks are in
regie/models/regies.py and regie/models/brand.py."""
