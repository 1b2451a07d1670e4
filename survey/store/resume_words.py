"""The words resume codes are made of: 256 short, plain, friendly words a child can read, spell
and say, none of them unkind, and how many make a code.

Five words make 256^5 = 2^40, about 1.1 trillion codes. Enough, because a guess can only be
checked by the server: codes are kept as a keyed hash (survey.store.drafts), so a copy of the
database is no help without the app's secret key, and guesses at the resume page are throttled
(survey.store.throttle: per browser, with growing waits, and at most 60 wrong per address in 15
minutes, about 5,800 a day). One address guessing at that limit for DRAFT_DAYS (14) against a
consultation with 1,000 saved drafts opens one with a chance of about 1 in 14,000; a thousand
addresses, about 1 in 14, and what they would open is one anonymous young person's unsent
answers. A longer list would need harder words, while
five of these stay easy to copy down and to type on a phone.
"""
from __future__ import annotations

CODE_WORDS = 5

WORDS: tuple[str, ...] = (
    "acorn", "anchor", "apple", "apron", "arrow", "badge", "bagel", "bamboo", "banana", "basket",
    "beach", "bean", "bear", "bell", "berry", "bike", "bird", "biscuit", "blanket", "boat",
    "bottle", "bread", "breeze", "brick", "bridge", "brush", "bubble", "bucket", "bunny", "butter",
    "button", "cabbage", "cactus", "cake", "camel", "candle", "canoe", "carpet", "carrot",
    "castle", "cat", "cello", "chair", "cherry", "chess", "chip", "circle", "city", "clock",
    "cloud", "clover", "coat", "cocoa", "comet", "compass", "cookie", "copper", "coral", "corn",
    "cotton", "cow", "crab", "crayon", "cricket", "crown", "cup", "daisy", "deer", "desk",
    "diamond", "dice", "dog", "dolphin", "donkey", "door", "dragon", "drum", "duck", "dune",
    "eagle", "earth", "echo", "egg", "elbow", "engine", "feather", "fern", "ferry", "field",
    "finch", "fish", "flag", "flame", "flute", "fog", "forest", "fox", "frog", "garden", "gate",
    "gecko", "giraffe", "glove", "goat", "grape", "grass", "guitar", "hammer", "harbour", "hat",
    "hazel", "hedge", "hill", "hippo", "honey", "horse", "igloo", "iris", "island", "jacket",
    "jam", "jelly", "jigsaw", "jungle", "kettle", "key", "kite", "kitten", "koala", "ladder",
    "lake", "lamp", "lantern", "leaf", "lemon", "lion", "lizard", "llama", "lobster", "magnet",
    "map", "maple", "marble", "meadow", "melon", "mint", "mitten", "monkey", "moon", "moose",
    "moss", "mountain", "mouse", "muffin", "nest", "noodle", "oak", "ocean", "olive", "onion",
    "orange", "otter", "owl", "paddle", "panda", "paper", "parrot", "pasta", "peach", "peanut",
    "pear", "pebble", "pencil", "penguin", "pepper", "piano", "pickle", "pillow", "pine", "planet",
    "plum", "pocket", "pond", "pony", "popcorn", "potato", "pumpkin", "puppy", "puzzle", "rabbit",
    "radio", "rain", "rainbow", "raven", "ribbon", "river", "road", "robin", "rocket", "rose",
    "sail", "salmon", "sand", "sandal", "scarf", "seal", "seed", "shell", "ship", "shoe", "sky",
    "sledge", "snail", "snow", "sock", "sofa", "spoon", "squash", "star", "stone", "storm",
    "sugar", "summer", "sun", "swan", "table", "tea", "tent", "tiger", "toast", "tomato", "torch",
    "tortoise", "towel", "tower", "tractor", "train", "tree", "trumpet", "tulip", "turtle",
    "umbrella", "valley", "violin", "wagon", "walnut", "water", "wave", "whale", "wheel", "willow",
    "window", "winter", "wolf", "yogurt", "zebra",
)
