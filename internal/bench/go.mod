module github.com/tandemsocial/tandem/internal/bench

go 1.23

replace github.com/tandemsocial/tandem => ../..
