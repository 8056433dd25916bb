// placeholder: `synhead bench train` arrives in the next commit
